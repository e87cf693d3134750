/*
 * mrr.h - subscription state and MRR movements per account and period.
 *
 * An mrr event sets the monthly recurring revenue of one subscription (the
 * pair account, ref) from its date on; 0 cancels it.  An account's MRR on a
 * day is the sum over its subscriptions.  Amounts are kept as whole cents
 * (each event's value rounded to the cent), so every sum is exact and the
 * order of the input never changes a result.
 *
 * Events need not be sorted.  The state keeps, per subscription and
 * calendar month with a change, the days of that month with a change, the
 * days with a change to 0, and the value that counts at the month's end
 * (the latest day's; two changes on one day: the smaller value, so a start
 * and a cancellation on one day leave the subscription cancelled).  Each
 * change updates that in place, whatever the order of the input, so the
 * state is exact and never keeps the changes themselves.
 *
 * Memory does not grow with the number of events: 12 bytes per month
 * with a change of each subscription (in groups of 4 calendar months:
 * 48 bytes for any 4 months from a multiple of 4 with a change), 1 byte
 * per month from a subscription's first to its last change, plus the
 * account and subscription keys.
 *
 * After mrr_finish(), the accounts are visited one at a time with
 * mrr_view(), which gives the account's MRR at the end of every period of
 * a range, whether it was above 0 at some moment within each period, its
 * MRR before the range, and its lifetime revenue.
 */
#ifndef RMKIT_MRR_H
#define RMKIT_MRR_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"

struct mrr_state;

/* A new, empty state. */
struct mrr_state *mrr_new(void);

/* Free the state.  NULL is allowed. */
void mrr_free(struct mrr_state *s);

/*
 * Record that the subscription ref (ref_len bytes; "" is a subscription
 * too) of account has MRR value (not negative) from day on.  Changes are
 * taken in batches (their look-ups overlap): an account first seen here
 * is counted by mrr_naccounts() and mrr_find_account() from the next
 * mrr_account_id() or mrr_finish() on.  Account ids are given in the
 * order accounts first appear in mrr_add() and mrr_account_id() calls.
 */
void mrr_add(struct mrr_state *s, const char *account, size_t account_len,
             const char *ref, size_t ref_len, int day, double value);

/*
 * The account's dense id, adding the account (without any subscription)
 * when it is new.
 */
size_t mrr_account_id(struct mrr_state *s, const char *account, size_t len);

/* The dense id of account, or -1 when it has not been seen. */
long mrr_find_account(const struct mrr_state *s, const char *account,
                      size_t len);

/* Number of accounts, and the key of account id (escaped, NUL ended). */
size_t mrr_naccounts(const struct mrr_state *s);
const char *mrr_account_key(const struct mrr_state *s, size_t id);

/*
 * The earliest and latest day of any mrr event; returns 0 when there was
 * none (then *first and *last are unchanged).
 */
int mrr_day_range(const struct mrr_state *s, int *first, int *last);

/*
 * Finish reading: resolve every subscription's changes.  After it, only
 * mrr_view(), the key functions and mrr_free() may be called.
 */
void mrr_finish(struct mrr_state *s);

/* Bytes of memory held (for the benchmark). */
size_t mrr_memory(const struct mrr_state *s);

/*
 * One account seen over the periods first .. first + n - 1 of unit.
 *
 *	end[i]       MRR in cents at the end of period first + i
 *	active[i]    1 when the MRR was above 0 at some moment within it
 *		     (at its end, or after a change dated within it)
 *	before       MRR in cents at the end of period first - 1
 *	active_before 1 when the MRR was above 0 at some moment before first
 *	lifetime     revenue in cents: the sum, over every calendar month up
 *		     to the end of the last period, of the MRR at the end of
 *		     that month
 *
 * The arrays have n elements and belong to the caller.
 */
struct mrr_view {
	int64_t *end;
	unsigned char *active;
	int64_t before;
	int active_before;
	int64_t lifetime;
};

/*
 * Fill v for account id over the n periods from first (a period_of()
 * number of unit, which must be month, quarter or year).
 */
void mrr_view(struct mrr_state *s, size_t id, enum period_unit unit, int first,
              int n, struct mrr_view *v);

/*
 * mrr_view() of every account, in nparts parts of consecutive ids (at
 * least 1), each on its own thread (part 0 on the caller's): for each
 * account id of part k, fn(ctx[k], id, v) with v its view over the n
 * periods from first.  fn may only write to what ctx[k] points to; v is
 * valid until fn returns.  Only after mrr_finish().
 */
typedef void mrr_visit_fn(void *ctx, size_t id, const struct mrr_view *v);
void mrr_view_all(const struct mrr_state *s, enum period_unit unit, int first,
                  int n, int nparts, mrr_visit_fn *fn, void *const *ctx);

/* Kinds of change of an account's MRR from one period end to the next. */
enum mrr_move {
	MOVE_NONE,         /* no change, or 0 before and after */
	MOVE_NEW,          /* from 0 to above 0, never above 0 before */
	MOVE_REACTIVATION, /* from 0 to above 0 after an earlier churn */
	MOVE_EXPANSION,    /* above 0 before, higher after */
	MOVE_CONTRACTION,  /* above 0 after, lower than before */
	MOVE_CHURN,        /* above 0 before, 0 after */
	MOVE_JOINED_LEFT   /* 0 before and after, above 0 within the period */
};

/*
 * Classify the change from start to end (cents).  active_before: the
 * account was above 0 at some moment before the period; active: it was
 * above 0 at some moment within it.
 */
enum mrr_move mrr_classify(int64_t start, int64_t end, int active_before,
                           int active);

/* A value in money units rounded to whole cents (half away from 0). */
int64_t mrr_cents(double value);

#endif
