/*
 * renewal.h - contract renewals: due, renewed, open, days early or late.
 *
 * A contract is the pair (account, ref).  renewal_due gives its due date
 * and value, renewed the date and value of the renewal.  When a contract
 * has several events of one kind, the latest date counts (one day: the
 * larger value), so input order never matters; give each contract term
 * its own ref.  For the contracts due in a period P:
 *
 *	due            number of contracts whose due date is in P
 *	renewed        number of them with a renewed event
 *	open           due - renewed
 *	past_due       open ones whose due date is before the as-of date
 *	due_value      sum of their due values
 *	renewed_value  sum of the renewed values of the renewed ones
 *	renewal_rate   renewed / due
 *	value_rate     renewed_value / due_value
 *	mean_days, median_days
 *		       of renewed date - due date over the renewed ones
 *		       (negative: renewed early)
 */
#ifndef RMKIT_RENEWAL_H
#define RMKIT_RENEWAL_H

#include <stddef.h>

#include "churnout.h"
#include "churnpart.h"
#include "date.h"

struct renewal_state;

struct renewal_state *renewal_new(void);
void renewal_free(struct renewal_state *r);

/*
 * Record a renewal_due (renewed 0) or renewed (renewed 1) event of the
 * contract ref of account (whose dense id is account_id).
 */
void renewal_add(struct renewal_state *r, size_t account_id,
                 const char *account, size_t account_len, const char *ref,
                 size_t ref_len, int renewed, int day, double value);

/* Number of contracts with a renewed event but no renewal_due. */
size_t renewal_unmatched(const struct renewal_state *r);

/*
 * Write one row per period first .. first + n - 1 of unit (and per group:
 * group_of[account id] gives an account's group, when group_col is set),
 * with the columns [group_col] period, then those above.
 */
void renewal_write(const struct renewal_state *r, struct churn_out *o,
                   enum period_unit unit, int first, int n, int as_of,
                   int ngroups, const int *group_of, const char *group_col,
                   char *const *group_names, const int *order);

/*
 * Partial renewals (--partial, kind "renewals" of churnpart.h), columns
 *
 *	partial record group period date days due renewed past_due
 *	due_value renewed_value count
 *
 * records "first" and "last" (struct cp_range, column period), "as_of"
 * (the part's as-of date, column date), then per group (byte order) and
 * period from first to last a "row" (due, renewed, past_due as of the
 * part's as-of date, due_value, renewed_value), after it one "days"
 * record per distinct renewed - due days of its renewed contracts (days,
 * count), so that the mean and the median are exact, and one "open"
 * record per due date of its open contracts not past due at the part's
 * as-of date (date, count), which the merge counts as past due when
 * they are before the latest as-of date of the parts; then "end".
 *
 * renewal_partial_write() takes the arguments of renewal_write() (first
 * and the unit in g and unit), the signature sig, and writes ngroups
 * groups (0: none; names NULL: the group "").
 */
void renewal_partial_write(const struct renewal_state *r, struct churn_out *o,
                           const char *sig, const struct cp_range *g, int n,
                           int as_of, int ngroups, const int *group_of,
                           char *const *group_names, const int *order,
                           enum period_unit unit);

struct renewal_merge;

/* A merge of partial renewals (unit: as mrr_merge_new()). */
struct renewal_merge *renewal_merge_new(int has_unit, enum period_unit unit);

/* Add the partial at path; dies with EXIT_DATA as mrr_merge_read(). */
void renewal_merge_read(struct renewal_merge *m, const char *path);

/* Write the merged table, or (partial set) a partial again. */
void renewal_merge_write(struct renewal_merge *m, struct churn_out *o,
                         int partial);

void renewal_merge_free(struct renewal_merge *m);

#endif
