/*
 * mrr_keys.c - intern strings, with look-ups announced ahead of time.
 *
 * Open addressing with linear probing over a power-of-two table of 8-byte
 * slots (the low 32 bits of the hash, id + 1; the key is found by id), at
 * most half full (so at most 2^32 slots); the low bits of the hash choose
 * the first slot, and a table grows without hashing its keys again.  Keys live
 * in arena blocks, each preceded by its length (uint32).  Tables of a few
 * megabytes or more are asked to live on huge pages, so that a random
 * look-up costs a cache miss and not also a page-table walk.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "mrr_keys.h"
#include "xalloc.h"

#define ARENA_BLOCK (1 << 20)

struct slot {
	uint32_t hash; /* the key's hash (hash.h: 32 bits) */
	uint32_t id1;  /* id + 1; 0 marks an empty slot */
};

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

struct mrr_keys {
	struct slot *slots;
	size_t mask;
	char **keys; /* by id */
	size_t count, cap;
	struct arena_block *arena;
	size_t arena_bytes;
};

uint64_t
mrr_keys_hash(const char *key, size_t len)
{
	return hash_bytes(HASH_SEED, key, len);
}

/* A zeroed table of n slots, on huge pages when it is large. */
static struct slot *
new_slots(size_t n)
{
	return xcalloc_huge(n, sizeof(struct slot));
}

struct mrr_keys *
mrr_keys_new(void)
{
	struct mrr_keys *k = xcalloc(1, sizeof(*k));

	k->mask = 63;
	k->slots = new_slots(k->mask + 1);
	return k;
}

void
mrr_keys_free(struct mrr_keys *k)
{
	struct arena_block *b, *next;

	if (k == NULL)
		return;
	for (b = k->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	free(k->slots);
	free(k->keys);
	free(k);
}

/* Copy key into the arena as [uint32 length][bytes][NUL]; return bytes. */
static char *
arena_copy(struct mrr_keys *k, const char *s, size_t len)
{
	struct arena_block *b = k->arena;
	size_t need = sizeof(uint32_t) + len + 1;
	uint32_t len32 = (uint32_t)len;
	char *p;

	if (len > UINT32_MAX - 8)
		die(EXIT_DATA, "key of %zu bytes is too long", len);
	if (b)
		b->used = (b->used + 3) & ~(size_t)3;
	if (b == NULL || b->used > b->size || b->size - b->used < need) {
		size_t size = k->arena_bytes < 4096          ? 4096
		              : k->arena_bytes < ARENA_BLOCK ? k->arena_bytes
		                                             : ARENA_BLOCK;

		if (size < need)
			size = need;
		b = xmalloc(sizeof(*b) + size);
		b->next = k->arena;
		b->used = 0;
		b->size = size;
		k->arena = b;
		k->arena_bytes += sizeof(*b) + size;
	}
	p = b->data + b->used;
	memcpy(p, &len32, sizeof(len32));
	p += sizeof(len32);
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += need;
	return p;
}

static size_t
stored_len(const char *key)
{
	uint32_t len;

	memcpy(&len, key - sizeof(len), sizeof(len));
	return len;
}

static void
rehash(struct mrr_keys *k)
{
	size_t newmask = k->mask * 2 + 1, i, j;
	struct slot *slots = new_slots(newmask + 1);

	for (i = 0; i <= k->mask; i++) {
		if (k->slots[i].id1 == 0)
			continue;
		j = (size_t)k->slots[i].hash & newmask;
		while (slots[j].id1 != 0)
			j = (j + 1) & newmask;
		slots[j] = k->slots[i];
	}
	free(k->slots);
	k->slots = slots;
	k->mask = newmask;
}

static long
lookup(const struct mrr_keys *k, const char *key, size_t len, uint64_t hash,
       size_t *pos)
{
	size_t j = hash & k->mask;
	uint32_t h = (uint32_t)hash;

	for (;; j = (j + 1) & k->mask) {
		const struct slot *s = &k->slots[j];

		if (s->id1 == 0) {
			*pos = j;
			return -1;
		}
		if (s->hash == h) {
			const char *stored = k->keys[s->id1 - 1];

			if (stored_len(stored) == len &&
			    memcmp(stored, key, len) == 0)
				return (long)s->id1 - 1;
		}
	}
}

size_t
mrr_keys_intern(struct mrr_keys *k, const char *key, size_t len, uint64_t hash,
                int *added)
{
	size_t pos, id;
	long found = lookup(k, key, len, hash, &pos);

	if (added)
		*added = found < 0;
	if (found >= 0)
		return (size_t)found;
	if (k->count >= (size_t)INT32_MAX)
		die(EXIT_SYSTEM, "too many keys");
	if (k->count == k->cap)
		grow_array((void **)&k->keys, &k->cap, k->count + 1,
		           sizeof(*k->keys));
	id = k->count++;
	k->keys[id] = arena_copy(k, key, len);
	k->slots[pos].hash = (uint32_t)hash;
	k->slots[pos].id1 = (uint32_t)id + 1;
	if (k->count * 2 > k->mask)
		rehash(k);
	return id;
}

long
mrr_keys_find(const struct mrr_keys *k, const char *key, size_t len)
{
	size_t pos;

	return lookup(k, key, len, mrr_keys_hash(key, len), &pos);
}

size_t
mrr_keys_count(const struct mrr_keys *k)
{
	return k->count;
}

const char *
mrr_keys_key(const struct mrr_keys *k, size_t id)
{
	return k->keys[id];
}

size_t
mrr_keys_memory(const struct mrr_keys *k)
{
	return (k->mask + 1) * sizeof(struct slot) + k->cap * sizeof(*k->keys) +
	       k->arena_bytes;
}
