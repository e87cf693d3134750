/*
 * health_index.c - account key -> dense id, one cache line a lookup.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "health_index.h"
#include "xalloc.h"

#define INLINE_KEY 20

struct slot {
	uint32_t hash;
	uint32_t id1; /* id + 1; 0: empty */
	uint32_t len;
	char key[INLINE_KEY];
};

struct health_index {
	struct strmap *ids;
	struct slot *slots;
	size_t mask, count;
};

uint32_t
health_index_hash(const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

/*
 * n empty slots.  A big table is on 2 MiB pages: it is read at random,
 * and on small pages nearly every lookup would also miss the TLB.
 */
static struct slot *
new_slots(size_t n)
{
	return xcalloc_huge(n, sizeof(struct slot));
}

/* Put a key known to be absent into slots (mask) without checks. */
static void
place(struct slot *slots, size_t mask, uint32_t h, uint32_t id, const char *key,
      size_t len)
{
	size_t j = h & mask;

	while (slots[j].id1 != 0)
		j = (j + 1) & mask;
	slots[j].hash = h;
	slots[j].id1 = id + 1;
	slots[j].len = (uint32_t)len;
	if (len <= INLINE_KEY)
		memcpy(slots[j].key, key, len);
}

static void
grow(struct health_index *x)
{
	size_t mask = x->mask * 2 + 1, i;
	struct slot *slots = new_slots(mask + 1);

	for (i = 0; i <= x->mask; i++)
		if (x->slots[i].id1 != 0)
			place(slots, mask, x->slots[i].hash,
			      x->slots[i].id1 - 1, x->slots[i].key,
			      x->slots[i].len);
	free(x->slots);
	x->slots = slots;
	x->mask = mask;
}

struct health_index *
health_index_new(struct strmap *ids)
{
	struct health_index *x = xcalloc(1, sizeof(*x));
	size_t i, n = strmap_count(ids);

	x->ids = ids;
	x->mask = 1023;
	x->slots = xcalloc(x->mask + 1, sizeof(*x->slots));
	for (i = 0; i < n; i++) {
		const char *k = strmap_key(ids, i);
		size_t len = strmap_key_len(ids, i);

		if (2 * (x->count + 1) > x->mask)
			grow(x);
		place(x->slots, x->mask, health_index_hash(k, len), (uint32_t)i,
		      k, len);
		x->count++;
	}
	return x;
}

void
health_index_prefetch(const struct health_index *x, uint32_t h)
{
	__builtin_prefetch(&x->slots[h & x->mask]);
}

static int
same_key(const struct health_index *x, const struct slot *s, const char *key,
         size_t len)
{
	size_t i;

	if (s->len != len)
		return 0;
	if (len <= INLINE_KEY) { /* short: a loop beats a call */
		for (i = 0; i < len; i++)
			if (s->key[i] != key[i])
				return 0;
		return 1;
	}
	return memcmp(strmap_key(x->ids, s->id1 - 1), key, len) == 0;
}

size_t
health_index_intern(struct health_index *x, const char *key, size_t len,
                    uint32_t h, int *added)
{
	size_t j = h & x->mask, id;
	int new_key;

	for (;; j = (j + 1) & x->mask) {
		const struct slot *s = &x->slots[j];

		if (s->id1 == 0)
			break;
		if (s->hash == h && same_key(x, s, key, len)) {
			if (added)
				*added = 0;
			return s->id1 - 1;
		}
	}
	id = strmap_intern(x->ids, key, len, &new_key);
	if (added)
		*added = new_key;
	if (2 * (x->count + 1) > x->mask)
		grow(x);
	place(x->slots, x->mask, h, (uint32_t)id, key, len);
	x->count++;
	return id;
}

size_t
health_index_memory(const struct health_index *x)
{
	return sizeof(*x) + (x->mask + 1) * sizeof(*x->slots);
}

void
health_index_free(struct health_index *x)
{
	if (!x)
		return;
	free(x->slots);
	free(x);
}
