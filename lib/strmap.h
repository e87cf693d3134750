/*
 * strmap.h - intern strings: map each distinct string to a dense id.
 *
 * The first string added gets id 0, the next new one id 1, and so on, so
 * ids index plain arrays of per-key state (per-account state in every
 * program).  Keys are copied into the map's own storage; they may hold any
 * bytes, including NUL.  Memory: the key bytes plus about 24 bytes a key.
 */
#ifndef RMKIT_STRMAP_H
#define RMKIT_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap;

/* A new, empty map. */
struct strmap *strmap_new(void);

/*
 * The id of the len bytes at key, adding the key when it is new.  *added
 * (when not NULL) is set to 1 for a new key, else 0.
 */
size_t strmap_intern(struct strmap *m, const char *key, size_t len,
		     int *added);

/*
 * Make room for n keys in all: the table is sized for them at once
 * (no rehash while they are added) and, when large, put on huge pages,
 * as are the id array.  A map that already has room is left alone.
 */
void strmap_reserve(struct strmap *m, size_t n);

/*
 * Hints for a look-up to come, for callers that know their keys some
 * steps ahead, so that the cache misses of a large map overlap other
 * work; they change nothing in the map.  strmap_hash() is the hash the
 * map files key under; strmap_prefetch() starts fetching the slot a
 * look-up of a key of that hash reads first; strmap_guess(), once that
 * has arrived, returns the id the key probably has, judged by its hash
 * alone (-1 when none), and starts fetching the stored key.  The guess
 * may be wrong: it may only steer what to fetch.
 */
uint32_t strmap_hash(const char *key, size_t len);
void strmap_prefetch(const struct strmap *m, uint32_t hash);
long strmap_guess(const struct strmap *m, uint32_t hash);

/* The id of key, or -1 when it is not in the map. */
long strmap_find(const struct strmap *m, const char *key, size_t len);

/* Number of keys. */
size_t strmap_count(const struct strmap *m);

/* The key with this id, NUL terminated, and its length. */
const char *strmap_key(const struct strmap *m, size_t id);
size_t strmap_key_len(const struct strmap *m, size_t id);

/* Bytes of memory the map holds (for benchmarks). */
size_t strmap_memory(const struct strmap *m);

/* Free the map and its keys.  NULL is allowed. */
void strmap_free(struct strmap *m);

#endif
