/*
 * health_index.h - account key -> dense id for rm-health's hot path.
 *
 * A front index over a strmap (strmap.h), which stays the owner of the
 * ids and the keys: a new key is interned there, and its id recorded
 * here.  The index is an open-addressing table of 32-byte slots that hold
 * the hash, the id and keys of up to 20 bytes inline, so finding a known
 * key costs one cache line, and health_index_prefetch() lets a caller
 * start that memory access early (rm-health resolves events in batches).
 * Longer keys are compared through the strmap.  Memory: 64 to 128 bytes
 * an account (the table is kept at most half full); a table of 4 MiB or
 * more is on 2 MiB pages, which spares a TLB miss a lookup.
 */
#ifndef RMKIT_HEALTH_INDEX_H
#define RMKIT_HEALTH_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

struct health_index;

/* A new index over ids (which may already hold keys: they are indexed). */
struct health_index *health_index_new(struct strmap *ids);

/* The hash of the len bytes at key (give it to the functions below). */
uint32_t health_index_hash(const char *key, size_t len);

/* Ask the CPU to fetch the slot where a key with hash h starts. */
void health_index_prefetch(const struct health_index *x, uint32_t h);

/*
 * The id of key (hash h), interning it in the strmap when new; *added
 * (when not NULL) is set to 1 for a new key.
 */
size_t health_index_intern(struct health_index *x, const char *key, size_t len,
                           uint32_t h, int *added);

/* Bytes held by the index. */
size_t health_index_memory(const struct health_index *x);

/* Free the index (not the strmap).  NULL is allowed. */
void health_index_free(struct health_index *x);

#endif
