/*
 * pairs.h - records that pair an opening event with its closing one.
 *
 * A ticket and its ticket_closed, an invoice and its payments, an
 * opportunity and its won/lost, a renewal_due and its renewed, an
 * escalation and its escalation_closed: each is one record found by the
 * account's dense id and the event's ref.  The table is built for many
 * records (millions): each account has its own small hash table, and a
 * record holds its ref (short refs inline, longer ones in an arena), so a
 * lookup touches the account's table and the record, nothing else.
 * Memory: about 64 bytes a record (plus long refs).
 */
#ifndef RMKIT_PAIRS_H
#define RMKIT_PAIRS_H

#include <stddef.h>
#include <stdint.h>

#define PAIR_INLINE_REF 16

/* One record.  open/close are day numbers, INT_MIN when not seen. */
struct pair {
	uint32_t acct;
	int32_t open, close;
	uint16_t reflen;
	uint8_t kind;       /* caller's use (opportunity kind) */
	uint8_t close_type; /* caller's use (won or lost) */
	union {
		char in[PAIR_INLINE_REF];
		const char *out;
	} ref;
	double open_value, close_value; /* NAN when absent */
};

struct pairs;

/* A new, empty table. */
struct pairs *pairs_new(void);

/*
 * A new, empty table whose records of all accounts are found through one
 * hash table, not one per account: for a few thousand records of many
 * accounts at a time (pairs_clear() between batches), where one small
 * table each would scatter the look-ups over memory.  pairs_reserve()
 * and the prefetch hints do nothing on it.
 */
struct pairs *pairs_new_flat(void);

/*
 * Make room for accounts 0 .. naccts - 1 at once, so that the per-account
 * tables are not grown (copied) as accounts come: for callers that know
 * about how many accounts there will be.  From 16384 accounts on, the
 * records are put on huge pages from the first (a page fault per 4 KiB
 * costs more than the memory a small table would save).
 */
void pairs_reserve(struct pairs *p, size_t naccts);

/*
 * The record of (acct, the len bytes of ref), added when new with open
 * and close INT_MIN, values NAN, kind and close_type 0.  The pointer is
 * valid until the next pairs_get().  A ref longer than 65535 bytes is
 * cut there.
 */
struct pair *pairs_get(struct pairs *p, uint32_t acct, const char *ref,
                       size_t len);

/*
 * The same, as the record's index (dense, from 0, in order of adding),
 * so callers can keep more state per record in arrays; *added (when not
 * NULL) is set to 1 for a new record, else 0.
 */
size_t pairs_index(struct pairs *p, uint32_t acct, const char *ref, size_t len,
                   int *added);

/*
 * Hints for a pairs_index() to come (see strmap_prefetch()); they change
 * nothing.  pairs_prefetch_account() starts fetching acct's table;
 * pairs_prefetch_slot(), once that has arrived, the slot a look-up of
 * ref reads first, and returns ref's hash; pairs_prefetch_record(), once
 * that has arrived too, the record the slot points to.
 */
void pairs_prefetch_account(const struct pairs *p, uint32_t acct);
uint32_t pairs_prefetch_slot(const struct pairs *p, uint32_t acct,
                             const char *ref, size_t len);
void pairs_prefetch_record(const struct pairs *p, uint32_t acct,
                           uint32_t hash);

/* Number of records, and record i (0 .. count-1, in order of adding). */
size_t pairs_count(const struct pairs *p);
struct pair *pairs_at(struct pairs *p, size_t i);

/*
 * Empty a table made by pairs_new_flat() for use again: no records, but
 * the memory of its chunks and its hash table kept, so that filling it
 * again takes no page faults.
 */
void pairs_clear(struct pairs *p);

/* Free the table.  NULL is allowed. */
void pairs_free(struct pairs *p);

#endif
