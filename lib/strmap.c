/*
 * strmap.c - intern strings: map each distinct string to a dense id.
 *
 * Open addressing with linear probing over a power-of-two table of
 * (hash, id + 1, key) slots, at most half full.  Keys live in large arena
 * blocks, each preceded by its length, so adding a key costs no malloc of
 * its own and a look-up touches only the slot and the key's bytes (two
 * cache lines, where separate id-indexed arrays would cost two more).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strmap.h"
#include "xalloc.h"

#define ARENA_BLOCK (1 << 20)

struct slot {
	uint32_t hash;
	uint32_t id1;	 /* id + 1; 0 marks an empty slot */
	const char *key; /* the key's bytes; its length is stored before */
};

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

struct strmap {
	struct slot *slots;
	size_t mask;	/* table size - 1 */
	char **keys;	/* by id */
	size_t count, cap;
	struct arena_block *arena;
	size_t arena_bytes;
};

struct strmap *
strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof(*m));

	m->mask = 63;
	m->slots = xcalloc(m->mask + 1, sizeof(*m->slots));
	return m;
}

/* Copy key into the arena as [uint32 length][bytes][NUL]; return bytes. */
static char *
arena_copy(struct strmap *m, const char *s, size_t len)
{
	struct arena_block *b = m->arena;
	size_t need = sizeof(uint32_t) + len + 1;
	uint32_t len32 = (uint32_t)len;
	char *p;

	/* keep the length field aligned */
	if (b)
		b->used = (b->used + 3) & ~(size_t)3;
	if (b == NULL || b->used > b->size || b->size - b->used < need) {
		/* blocks grow from 4 KiB to 1 MiB as the map grows */
		size_t size = m->arena_bytes < 4096	   ? 4096
			      : m->arena_bytes < ARENA_BLOCK ? m->arena_bytes
							     : ARENA_BLOCK;

		if (size < need)
			size = need;
		b = xmalloc(sizeof(*b) + size);
		b->next = m->arena;
		b->used = 0;
		b->size = size;
		m->arena = b;
		m->arena_bytes += sizeof(*b) + size;
	}
	p = b->data + b->used;
	memcpy(p, &len32, sizeof(len32));
	p += sizeof(len32);
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += need;
	return p;
}

/* The stored length of a key returned by arena_copy(). */
static size_t
stored_len(const char *key)
{
	uint32_t len;

	memcpy(&len, key - sizeof(len), sizeof(len));
	return len;
}

/* Move the slots to a new table of newmask + 1 slots. */
static void
rehash_to(struct strmap *m, size_t newmask)
{
	struct slot *slots = xcalloc_huge_lazy(newmask + 1, sizeof(*slots));
	size_t i, j;

	for (i = 0; i <= m->mask; i++) {
		if (m->slots[i].id1 == 0)
			continue;
		j = m->slots[i].hash & newmask;
		while (slots[j].id1 != 0)
			j = (j + 1) & newmask;
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->mask = newmask;
}

static long
lookup(const struct strmap *m, const char *key, size_t len, uint32_t h,
       size_t *pos)
{
	size_t j = h & m->mask;

	for (;; j = (j + 1) & m->mask) {
		const struct slot *s = &m->slots[j];

		if (s->id1 == 0) {
			*pos = j;
			return -1;
		}
		if (s->hash == h && stored_len(s->key) == len &&
		    memcmp(s->key, key, len) == 0)
			return (long)s->id1 - 1;
	}
}

size_t
strmap_intern(struct strmap *m, const char *key, size_t len, int *added)
{
	uint32_t h = strmap_hash(key, len);
	size_t pos, id;
	long found = lookup(m, key, len, h, &pos);

	if (added)
		*added = found < 0;
	if (found >= 0)
		return (size_t)found;
	if (m->count == m->cap) {
		size_t cap = m->cap;

		grow_array((void **)&m->keys, &cap, m->count + 1,
			   sizeof(*m->keys));
		m->cap = cap;
	}
	id = m->count++;
	m->keys[id] = arena_copy(m, key, len);
	m->slots[pos].hash = h;
	m->slots[pos].id1 = (uint32_t)id + 1;
	m->slots[pos].key = m->keys[id];
	if (m->count * 2 > m->mask)
		rehash_to(m, m->mask * 2 + 1);
	return id;
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	size_t mask = m->mask;

	while (n * 2 > mask)
		mask = mask * 2 + 1;
	if (mask == m->mask && n <= m->cap)
		return;
	if (n > m->cap) {
		char **keys = xcalloc_huge_lazy(n, sizeof(*keys));

		if (m->count)
			memcpy(keys, m->keys, m->count * sizeof(*keys));
		free(m->keys);
		m->keys = keys;
		m->cap = n;
	}
	if (mask != m->mask)
		rehash_to(m, mask);
}

uint32_t
strmap_hash(const char *key, size_t len)
{
	return hash_bytes(HASH_SEED, key, len);
}

void
strmap_prefetch(const struct strmap *m, uint32_t hash)
{
	__builtin_prefetch(&m->slots[hash & m->mask]);
}

long
strmap_guess(const struct strmap *m, uint32_t hash)
{
	size_t j;

	for (j = hash & m->mask; m->slots[j].id1 != 0; j = (j + 1) & m->mask)
		if (m->slots[j].hash == hash) {
			__builtin_prefetch(m->slots[j].key);
			return (long)m->slots[j].id1 - 1;
		}
	return -1;
}

long
strmap_find(const struct strmap *m, const char *key, size_t len)
{
	size_t pos;

	return lookup(m, key, len, strmap_hash(key, len), &pos);
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}

const char *
strmap_key(const struct strmap *m, size_t id)
{
	return m->keys[id];
}

size_t
strmap_key_len(const struct strmap *m, size_t id)
{
	return stored_len(m->keys[id]);
}

size_t
strmap_memory(const struct strmap *m)
{
	return sizeof(*m) + (m->mask + 1) * sizeof(*m->slots) +
	       m->cap * sizeof(*m->keys) + m->arena_bytes;
}

void
strmap_free(struct strmap *m)
{
	struct arena_block *b, *next;

	if (m == NULL)
		return;
	for (b = m->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	free(m->slots);
	free(m->keys);
	free(m);
}
