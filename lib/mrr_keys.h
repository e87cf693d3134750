/*
 * mrr_keys.h - intern strings (string -> dense id) for mrr.c's accounts.
 *
 * Like strmap.h (the first new key gets id 0, the next id 1, ...; keys
 * are copied and may hold any bytes), but the caller hashes a key with
 * mrr_keys_hash() and hands the hash in, and a slot is 8 bytes, not 16.
 *
 * Memory: the key bytes (+ 5) plus 8 bytes per key and 8 bytes per slot
 * (a power of two, 2 to 4 slots per key).
 */
#ifndef RMKIT_MRR_KEYS_H
#define RMKIT_MRR_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct mrr_keys;

/* A new, empty map. */
struct mrr_keys *mrr_keys_new(void);

/* Free the map and its keys.  NULL is allowed. */
void mrr_keys_free(struct mrr_keys *k);

/* The hash of the len bytes at key (the same in every map). */
uint64_t mrr_keys_hash(const char *key, size_t len);

/*
 * The id of the len bytes at key, whose mrr_keys_hash() is hash, adding
 * the key when it is new; *added (when not NULL) is 1 for a new key.
 */
size_t mrr_keys_intern(struct mrr_keys *k, const char *key, size_t len,
                       uint64_t hash, int *added);

/* The id of key, or -1 when it is not in the map. */
long mrr_keys_find(const struct mrr_keys *k, const char *key, size_t len);

/* Number of keys. */
size_t mrr_keys_count(const struct mrr_keys *k);

/* The key with this id, NUL terminated. */
const char *mrr_keys_key(const struct mrr_keys *k, size_t id);

/* Bytes of memory held (for the benchmark). */
size_t mrr_keys_memory(const struct mrr_keys *k);

#endif
