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

struct strmap;

/* A new, empty map. */
struct strmap *strmap_new(void);

/*
 * The id of the len bytes at key, adding the key when it is new.  *added
 * (when not NULL) is set to 1 for a new key, else 0.
 */
size_t strmap_intern(struct strmap *m, const char *key, size_t len,
		     int *added);

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
