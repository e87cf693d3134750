/*
 * pairs.c - the table of paired records (see pairs.h).
 *
 * Each account has its own small open-addressing table (linear probing,
 * power-of-two size, at most three quarters full) of (hash, index + 1) slots,
 * so the records of one account, which events usually bring close together, are
 * found in memory that is already in the cache, and a large account only makes
 * its own table large.  Records are in chunks of CHUNK that never move; refs
 * longer than PAIR_INLINE_REF bytes in arena blocks.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "pairs.h"
#include "xalloc.h"

/* Block bytes, header included: two whole huge pages. */
#define ARENA_BLOCK (((size_t)4 << 20) - sizeof(struct block))

struct slot {
	uint32_t hash;
	uint32_t idx1; /* index + 1; 0 marks an empty slot */
};

/* One account's table: records of one account are found near each other. */
struct acct_table {
	struct slot *slots; /* NULL until the account has a record */
	uint32_t mask, n;
};

struct block {
	struct block *next;
	size_t used, size;
	char data[];
};

/* Records live in chunks that never move: no copying as the table grows. */
#define CHUNK_BITS 17 /* 131072 records of 48 bytes: three huge pages */
#define CHUNK ((size_t)1 << CHUNK_BITS)

struct pairs {
	struct acct_table *accts; /* by account id */
	size_t naccts;
	struct pair **chunks;
	size_t nchunks, chunkcap;
	size_t n;
	struct block *arena;
	struct slot *spare[32]; /* outgrown slot tables by log2 size */
	int large; /* made room for many accounts: huge pages from the start */
	/* pairs_new_flat(): one table for all accounts, not one each */
	int flat;
	struct acct_table all;
};

/* Accounts from which pairs_reserve() expects a large table. */
#define LARGE_ACCOUNTS 16384

static struct pair *
record(const struct pairs *p, size_t i)
{
	return &p->chunks[i >> CHUNK_BITS][i & (CHUNK - 1)];
}

/* The hash of (acct, the len bytes at s). */
static uint32_t
hash_key(uint32_t acct, const char *s, size_t len)
{
	return hash_bytes(((uint64_t)acct + 1) * HASH_SEED, s, len);
}

struct pairs *
pairs_new(void)
{
	return xcalloc(1, sizeof(struct pairs));
}

struct pairs *
pairs_new_flat(void)
{
	struct pairs *p = xcalloc(1, sizeof(struct pairs));

	p->flat = 1;
	p->all.mask = 1023;
	p->all.slots = xcalloc(p->all.mask + 1, sizeof(struct slot));
	return p;
}

static const char *
ref_of(const struct pair *e)
{
	return e->reflen <= PAIR_INLINE_REF ? e->ref.in : e->ref.out;
}

#define HUGE_PAGE ((size_t)2 << 20)

/*
 * bytes of memory (not zeroed) starting at a huge-page boundary, from
 * offset small on advised to use huge pages, so all of that can: a plain
 * malloc() of a few megabytes rarely holds a whole aligned 2 MiB page.
 * bytes is rounded up to a whole number of huge pages.
 */
static void *
huge_alloc_from(size_t bytes, size_t small)
{
	void *m = xmalloc_huge_aligned(bytes);

	if (bytes > small)
		advise_huge_pages((char *)m + small, bytes - small);
	return m;
}

/* All of it in huge pages: the chunks and blocks after a table's first. */
static void *
huge_alloc(size_t bytes)
{
	return huge_alloc_from(bytes, 0);
}

/*
 * A table's first chunk or block: its first huge page is left to small
 * pages, so a small input touches no more memory than it uses, and the
 * rest in huge pages, so a large input does not take a page fault per
 * 4 KiB there.  A table made room for many accounts (pairs_reserve())
 * skips this: all of it is on huge pages.
 */
static void *
first_alloc(size_t bytes)
{
	return huge_alloc_from(bytes, HUGE_PAGE);
}

/*
 * len bytes (zeroed, 8-byte aligned) from the arena: slot tables and long
 * refs.  Tables outgrown by a rehash go on a list by size and are handed
 * to the next account that needs one of that size (slots_new()), which
 * costs less than malloc and free of half a million small tables.
 */
static void *
arena_alloc(struct pairs *p, size_t len)
{
	struct block *b = p->arena;
	size_t size = len > ARENA_BLOCK ? len : ARENA_BLOCK;

	len = (len + 7) & ~(size_t)7;
	if (!b || b->size - b->used < len) {
		/* not cleared here: only the memory handed out is touched;
		   the first block starts in small pages (first_alloc()) */
		b = p->arena || p->large ? huge_alloc(sizeof(*b) + size)
		                         : first_alloc(sizeof(*b) + size);
		b->next = p->arena;
		b->used = 0;
		b->size = size;
		p->arena = b;
	}
	b->used += len;
	memset(b->data + b->used - len, 0, len);
	return b->data + b->used - len;
}

static const char *
arena_copy(struct pairs *p, const char *s, size_t len)
{
	char *d = arena_alloc(p, len);

	memcpy(d, s, len);
	return d;
}

static int
log2_of(uint32_t n)
{
	int k = 0;

	while (n > 1) {
		n >>= 1;
		k++;
	}
	return k;
}

/*
 * An empty slot table of mask + 1 slots: one outgrown by another account
 * when there is one (input sorted by account outgrows a table just
 * before the next account needs one of that size), else new.
 */
static struct slot *
slots_new(struct pairs *p, uint32_t mask)
{
	int k = log2_of(mask + 1);
	struct slot *slots = p->spare[k];
	void *next; /* the link kept in a spare table's first bytes */

	if (!slots)
		return arena_alloc(p, ((size_t)mask + 1) * sizeof(*slots));
	memcpy(&next, slots, sizeof(next));
	p->spare[k] = next;
	memset(slots, 0, ((size_t)mask + 1) * sizeof(*slots));
	return slots;
}

/* Keep an outgrown table (at least 4 slots: room for the link) for reuse. */
static void
slots_spare(struct pairs *p, struct slot *slots, uint32_t mask)
{
	int k = log2_of(mask + 1);
	void *next = p->spare[k];

	memcpy(slots, &next, sizeof(next));
	p->spare[k] = slots;
}

static void
rehash(struct pairs *p, struct acct_table *t)
{
	uint32_t mask = t->mask * 2 + 1, i, j;
	struct slot *slots = p->flat ? xcalloc((size_t)mask + 1, sizeof(*slots))
	                             : slots_new(p, mask);

	for (i = 0; i <= t->mask; i++) {
		if (!t->slots[i].idx1)
			continue;
		for (j = t->slots[i].hash & mask; slots[j].idx1;
		     j = (j + 1) & mask)
			;
		slots[j] = t->slots[i];
	}
	if (p->flat)
		free(t->slots);
	else
		slots_spare(p, t->slots, t->mask);
	t->slots = slots;
	t->mask = mask;
}

void
pairs_reserve(struct pairs *p, size_t naccts)
{
	struct acct_table *accts;

	if (p->flat)
		return;
	if (naccts >= LARGE_ACCOUNTS)
		p->large = 1;
	if (naccts <= p->naccts)
		return;
	accts = xcalloc_huge_lazy(naccts, sizeof(*accts));
	if (p->naccts)
		memcpy(accts, p->accts, p->naccts * sizeof(*accts));
	free(p->accts);
	p->accts = accts;
	p->naccts = naccts;
}

static struct acct_table *
table_of(struct pairs *p, uint32_t acct)
{
	if (p->flat)
		return &p->all;
	if (acct >= p->naccts) {
		size_t old = p->naccts;

		grow_array((void **)&p->accts, &p->naccts, (size_t)acct + 1,
		           sizeof(*p->accts));
		memset(p->accts + old, 0,
		       (p->naccts - old) * sizeof(*p->accts));
	}
	if (!p->accts[acct].slots) {
		p->accts[acct].mask = 3;
		p->accts[acct].slots = slots_new(p, 3);
	}
	return &p->accts[acct];
}

size_t
pairs_index(struct pairs *p, uint32_t acct, const char *ref, size_t len,
            int *added)
{
	struct acct_table *t = table_of(p, acct);
	uint32_t h, j;
	struct pair *e;

	if (len > 65535)
		len = 65535;
	h = hash_key(acct, ref, len);
	for (j = h & t->mask; t->slots[j].idx1; j = (j + 1) & t->mask) {
		if (t->slots[j].hash != h)
			continue;
		e = record(p, t->slots[j].idx1 - 1);
		if (e->acct == acct && e->reflen == len &&
		    memcmp(ref_of(e), ref, len) == 0) {
			if (added)
				*added = 0;
			return t->slots[j].idx1 - 1;
		}
	}
	if (p->n == p->nchunks * CHUNK) {
		grow_array((void **)&p->chunks, &p->chunkcap, p->nchunks + 1,
		           sizeof(struct pair *));
		p->chunks[p->nchunks] =
		    p->nchunks || p->large
		        ? huge_alloc(CHUNK * sizeof(struct pair))
		        : first_alloc(CHUNK * sizeof(struct pair));
		p->nchunks++;
	}
	e = record(p, p->n);
	memset(e, 0, sizeof(*e));
	e->acct = acct;
	e->open = e->close = INT_MIN;
	e->open_value = e->close_value = NAN;
	e->reflen = (uint16_t)len;
	if (len <= PAIR_INLINE_REF)
		memcpy(e->ref.in, ref, len);
	else
		e->ref.out = arena_copy(p, ref, len);
	t->slots[j].hash = h;
	t->slots[j].idx1 = (uint32_t)++p->n;
	if (++t->n * 4 > (t->mask + 1) * 3)
		rehash(p, t);
	if (added)
		*added = 1;
	return p->n - 1;
}

void
pairs_prefetch_account(const struct pairs *p, uint32_t acct)
{
	if (acct < p->naccts)
		__builtin_prefetch(&p->accts[acct]);
}

uint32_t
pairs_prefetch_slot(const struct pairs *p, uint32_t acct, const char *ref,
                    size_t len)
{
	const struct acct_table *t;
	uint32_t h = hash_key(acct, ref, len > 65535 ? 65535 : len);

	if (acct >= p->naccts || !p->accts[acct].slots)
		return h;
	t = &p->accts[acct];
	__builtin_prefetch(&t->slots[h & t->mask]);
	return h;
}

void
pairs_prefetch_record(const struct pairs *p, uint32_t acct, uint32_t hash)
{
	const struct acct_table *t;
	const struct slot *sl;

	if (acct >= p->naccts || !p->accts[acct].slots)
		return;
	t = &p->accts[acct];
	sl = &t->slots[hash & t->mask];
	if (sl->idx1 && sl->hash == hash)
		__builtin_prefetch(record(p, sl->idx1 - 1));
}

struct pair *
pairs_get(struct pairs *p, uint32_t acct, const char *ref, size_t len)
{
	return record(p, pairs_index(p, acct, ref, len, NULL));
}

size_t
pairs_count(const struct pairs *p)
{
	return p->n;
}

struct pair *
pairs_at(struct pairs *p, size_t i)
{
	return record(p, i);
}

void
pairs_clear(struct pairs *p)
{
	struct block *b, *next;

	memset(p->all.slots, 0, ((size_t)p->all.mask + 1) * sizeof(struct slot));
	p->all.n = 0;
	p->n = 0;
	/* long refs were in the arena: keep its newest block, emptied */
	if (p->arena) {
		for (b = p->arena->next; b; b = next) {
			next = b->next;
			free(b);
		}
		p->arena->next = NULL;
		p->arena->used = 0;
	}
}

void
pairs_free(struct pairs *p)
{
	struct block *b, *next;
	size_t i;

	if (!p)
		return;
	for (b = p->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	for (i = 0; i < p->nchunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p->accts);
	if (p->flat)
		free(p->all.slots);
	free(p);
}
