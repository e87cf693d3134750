/*
 * mrr_subs.c - the subscription table: records with their keys inside,
 * found through a table of 8-byte slots.
 *
 * Open addressing with linear probing over a power-of-two table of
 * slots (the low 32 bits of the hash and id + 1 in one 64-bit word), at
 * most half full; the low bits of the hash choose the first slot, and
 * the table grows without hashing its keys again.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "mrr_subs.h"
#include "xalloc.h"

_Static_assert(sizeof(struct mrr_sub) == 64, "a record is a cache line");

#define BLOCK_RECORDS ((size_t)1 << MRR_SUBS_SHIFT)

uint64_t
mrr_subs_hash(const char *account, size_t account_len, const char *ref,
              size_t ref_len)
{
	return hash_bytes(hash_bytes(HASH_SEED, account, account_len), ref,
	                  ref_len);
}

struct mrr_subs *
mrr_subs_new(void)
{
	struct mrr_subs *t = xcalloc(1, sizeof(*t));

	t->mask = 63;
	t->slots = xcalloc_huge(t->mask + 1, sizeof(t->slots[0]));
	return t;
}

/* The key of record r (len bytes). */
static const char *
record_key(const struct mrr_sub *r)
{
	const char *p;

	if (r->len <= MRR_SUB_INLINE)
		return r->key;
	memcpy(&p, r->key, sizeof(p));
	return p;
}

static void
free_long_keys(struct mrr_subs *t)
{
	size_t id;

	for (id = 0; t->long_bytes > 0 && id < t->count; id++) {
		struct mrr_sub *r = mrr_subs_at(t, id);

		if (r->len > MRR_SUB_INLINE)
			free((char *)record_key(r));
	}
	t->long_bytes = 0;
}

void
mrr_subs_drop_index(struct mrr_subs *t)
{
	free_long_keys(t);
	free(t->slots);
	t->slots = NULL;
	t->mask = 0;
}

void
mrr_subs_free(struct mrr_subs *t)
{
	size_t i;

	if (t == NULL)
		return;
	mrr_subs_drop_index(t);
	for (i = 0; i < t->nblocks; i++)
		free(t->block_mem[i]);
	free(t->block);
	free(t->block_mem);
	free(t);
}

void
mrr_subs_prefetch_slot(const struct mrr_subs *t, uint64_t hash)
{
	__builtin_prefetch(&t->slots[hash & t->mask]);
}

/*
 * The slots up to the end of the first one's cache line are at hand:
 * the record asked for is that of the first one there with the hash
 * (a key is often a slot or two after its first).
 */
void
mrr_subs_prefetch_record(const struct mrr_subs *t, uint64_t hash)
{
	size_t j = hash & t->mask, end = (j | 7) < t->mask ? (j | 7) : t->mask;

	for (; j <= end; j++) {
		uint64_t slot = t->slots[j];

		if (slot >> 32 == 0)
			return;
		if ((uint32_t)slot == (uint32_t)hash) {
			__builtin_prefetch(mrr_subs_at(t, (slot >> 32) - 1));
			return;
		}
	}
}

static void
grow_slots(struct mrr_subs *t)
{
	size_t newmask = t->mask * 2 + 1, i, j;
	uint64_t *slots = xcalloc_huge(newmask + 1, sizeof(slots[0]));

	for (i = 0; i <= t->mask; i++) {
		if (t->slots[i] >> 32 == 0)
			continue;
		j = (size_t)(uint32_t)t->slots[i] & newmask;
		while (slots[j] != 0)
			j = (j + 1) & newmask;
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->mask = newmask;
}

/* A new zeroed record holding key; its id. */
static size_t
add_record(struct mrr_subs *t, const char *key, size_t len)
{
	size_t id = t->count;
	struct mrr_sub *r;

	if (id >= (size_t)UINT32_MAX - 1)
		die(EXIT_SYSTEM, "too many subscriptions");
	if (len > UINT32_MAX)
		die(EXIT_DATA, "key of %zu bytes is too long", len);
	if ((id >> MRR_SUBS_SHIFT) >= t->nblocks) {
		grow_array((void **)&t->block, &t->block_cap, t->nblocks + 1,
		           sizeof(struct mrr_sub *));
		grow_array((void **)&t->block_mem, &t->mem_cap, t->nblocks + 1,
		           sizeof(t->block_mem[0]));
		t->block[t->nblocks] =
		    xcalloc_huge_block(BLOCK_RECORDS * sizeof(struct mrr_sub),
		                   &t->block_mem[t->nblocks]);
		t->nblocks++;
	}
	t->count++;
	r = mrr_subs_at(t, id);
	r->len = (uint32_t)len;
	if (len <= MRR_SUB_INLINE) {
		memcpy(r->key, key, len);
	} else {
		char *p = xmemdup(key, len);

		memcpy(r->key, &p, sizeof(p));
		t->long_bytes += len + 1;
	}
	return id;
}

size_t
mrr_subs_intern(struct mrr_subs *t, const char *key, size_t len, uint64_t hash,
                int *added)
{
	size_t j = hash & t->mask, id;
	uint32_t h = (uint32_t)hash;

	for (;; j = (j + 1) & t->mask) {
		uint64_t slot = t->slots[j];
		const struct mrr_sub *r;

		if (slot >> 32 == 0)
			break;
		if ((uint32_t)slot != h)
			continue;
		r = mrr_subs_at(t, (slot >> 32) - 1);
		if (r->len == len && memcmp(record_key(r), key, len) == 0) {
			*added = 0;
			return (slot >> 32) - 1;
		}
	}
	id = add_record(t, key, len);
	t->slots[j] = (uint64_t)(id + 1) << 32 | h;
	if (t->count * 2 > t->mask)
		grow_slots(t);
	*added = 1;
	return id;
}

size_t
mrr_subs_count(const struct mrr_subs *t)
{
	return t->count;
}

size_t
mrr_subs_memory(const struct mrr_subs *t)
{
	return (t->slots ? (t->mask + 1) * sizeof(t->slots[0]) : 0) +
	       t->nblocks * BLOCK_RECORDS * sizeof(struct mrr_sub) +
	       (t->block_cap + t->mem_cap) * sizeof(void *) + t->long_bytes;
}
