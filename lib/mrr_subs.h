/*
 * mrr_subs.h - the subscription table of mrr.c: one 64-byte record per
 * subscription, keyed by its account and ref, with look-ups that can be
 * announced ahead of time.
 *
 * A record holds its key (account, TAB, ref: the TAB never occurs raw in
 * an escaped field, so the pair is one string) beside the caller's data,
 * so that a look-up costs a slot and the record it finds (two cache
 * misses, each announced ahead with a prefetch), where a map with the
 * keys apart from the records costs four.  Keys of up to
 * MRR_SUB_INLINE bytes live in the record, longer ones apart.  Records
 * never move (they are allocated in blocks of 2 MiB, on huge pages where
 * the kernel agrees), and the first key added gets id 0, the next id 1.
 *
 * The caller hashes a key once, from its two parts, with mrr_subs_hash()
 * (any thread), may announce the look-up with mrr_subs_prefetch_slot()
 * and, some time later, mrr_subs_prefetch_record(), then interns it.
 * Prefetching is only a hint: results never depend on it.
 *
 * Memory: 64 bytes per subscription (in blocks of 32768), 8 bytes per
 * slot (2 to 4 slots per subscription), keys longer than MRR_SUB_INLINE.
 */
#ifndef RMKIT_MRR_SUBS_H
#define RMKIT_MRR_SUBS_H

#include <stddef.h>
#include <stdint.h>

#define MRR_SUB_INLINE 32
#define MRR_SUBS_SHIFT 15 /* records per block: 2^15 (2 MiB) */

/*
 * One subscription.  dir, account, first, n, cap and last belong to the
 * caller (mrr.c: the directory of its months, its account id) and are 0
 * when the record is added; len and key are the table's.
 */
struct mrr_sub {
	union {
		uint32_t *p;
		uint32_t in[2];
	} dir;
	uint32_t account;
	uint32_t first;
	uint32_t n, cap;
	uint32_t last;
	uint32_t len;             /* of the key */
	char key[MRR_SUB_INLINE]; /* the key, or a pointer to it */
};

/*
 * The table.  Its fields are its own: read them only through the
 * functions below.
 */
struct mrr_subs {
	struct mrr_sub **block; /* record id: block[id >> SHIFT][id & mask] */
	void **block_mem;       /* what to free for each block */
	size_t nblocks, block_cap, mem_cap;
	size_t count;
	uint64_t
	    *slots;  /* low 32 bits: hash; high 32 bits: id + 1 (0: empty) */
	size_t mask; /* slots - 1; NULL slots after mrr_subs_drop_index() */
	size_t long_bytes; /* of the keys kept apart */
};

/* A new, empty table. */
struct mrr_subs *mrr_subs_new(void);

/* Free the table and its keys (not the caller's dir.p).  NULL is allowed. */
void mrr_subs_free(struct mrr_subs *t);

/*
 * The hash of the key account TAB ref, from its parts (the same for the
 * same parts on every thread and in every table).
 */
uint64_t mrr_subs_hash(const char *account, size_t account_len, const char *ref,
                       size_t ref_len);

/* Ask for the slot where a key of this hash is looked up first. */
void mrr_subs_prefetch_slot(const struct mrr_subs *t, uint64_t hash);

/*
 * Ask for the record of that slot when its hash matches (call it some
 * time after mrr_subs_prefetch_slot(), when the slot has arrived).
 */
void mrr_subs_prefetch_record(const struct mrr_subs *t, uint64_t hash);

/*
 * The id of the key (len bytes: account, TAB, ref), whose mrr_subs_hash()
 * is hash, adding a zeroed record for it when it is new; *added is 1 for
 * a new key, else 0.
 */
size_t mrr_subs_intern(struct mrr_subs *t, const char *key, size_t len,
                       uint64_t hash, int *added);

/*
 * Free the look-up index and the keys kept apart: after it only
 * mrr_subs_at(), mrr_subs_count(), mrr_subs_memory() and mrr_subs_free()
 * may be called (the records' keys are then no longer valid).
 */
void mrr_subs_drop_index(struct mrr_subs *t);

/* Number of subscriptions. */
size_t mrr_subs_count(const struct mrr_subs *t);

/* Bytes of memory held (for the benchmark). */
size_t mrr_subs_memory(const struct mrr_subs *t);

/* The record of subscription id (below mrr_subs_count()). */
static inline struct mrr_sub *
mrr_subs_at(const struct mrr_subs *t, size_t id)
{
	return &t->block[id >> MRR_SUBS_SHIFT]
	                [id & (((size_t)1 << MRR_SUBS_SHIFT) - 1)];
}


#endif
