/*
 * cohort.h - retention of cohorts of accounts by their first period.
 *
 * An account's cohort is the first period in which it was active (MRR
 * above 0 at the period's end or after a change dated within it).  For a
 * cohort c and an age k (periods since c), with MRR(a, P) an account's MRR
 * at the end of P:
 *
 *	customers(c)       number of accounts of cohort c
 *	cohort_mrr(c)      sum MRR(a, c) over the cohort
 *	active(c, k)       #{a in c : MRR(a, c + k) > 0}
 *	mrr(c, k)          sum MRR(a, c + k) over the cohort
 *	logo retention     active(c, k) / customers(c)
 *	mrr retention      mrr(c, k) / cohort_mrr(c)   (net: expansion counts)
 *
 * Accounts first active before the first period shown belong to no
 * cohort.  Ages run up to the last period shown.
 */
#ifndef RMKIT_COHORT_H
#define RMKIT_COHORT_H

#include <stdint.h>

#include "churnout.h"
#include "churnpart.h"
#include "date.h"
#include "mrr.h"

struct cohort_table;

/* Cohorts for ngroups groups over n periods. */
struct cohort_table *cohort_new(int ngroups, int n);

/* Free it.  NULL is allowed. */
void cohort_free(struct cohort_table *t);

/*
 * Add the cohorts of u (a table of the same groups and periods, of other
 * accounts) to those of t.
 */
void cohort_add_table(struct cohort_table *t, const struct cohort_table *u);

/* Add one account (seen over the table's n periods) to group. */
void cohort_add(struct cohort_table *t, int group, const struct mrr_view *v);

/*
 * Write the cohorts.  Matrix (long 0): one row per cohort with the
 * columns [group_col] cohort customers cohort_mrr 0 1 2 ..., each age's
 * retention by measure (mrr set: MRR, else logos), missing past the last
 * period.  Long (long 1): one row per cohort and age with the columns
 * [group_col] cohort age period customers active cohort_mrr mrr
 * retention.  Cohorts without accounts are written too (their rates
 * missing), so the periods are continuous.
 */
void cohort_write(const struct cohort_table *t, struct churn_out *o,
                  enum period_unit unit, int first, int mrr, int long_form,
                  const char *group_col, char *const *group_names,
                  const int *order);

/*
 * Partial cohorts (--partial, kind "cohorts" of churnpart.h): the sums
 * behind both measures and both forms, with the columns
 *
 *	partial record group cohort age customers active cohort_mrr mrr
 *
 * the records "first" and "last" (struct cp_range, in column cohort),
 * one "row" per group (byte order), cohort from first to the later of
 * first and last, and age (0 up to that period), and "end".  The
 * merge extends a part's cohorts past its last period with the state of
 * its last period (its accounts' MRR no longer changes).
 *
 * cohort_partial_write() writes t (over g->first on) with signature sig;
 * ngroups groups (0: none), names[order[i]] ("" when names is NULL) the
 * i-th.
 */
void cohort_partial_write(const struct cohort_table *t, struct churn_out *o,
                          const char *sig, const struct cp_range *g,
                          enum period_unit unit, int ngroups,
                          char *const *group_names, const int *order);

struct cohort_merge;

/* A merge of partial cohorts (unit: as mrr_merge_new()). */
struct cohort_merge *cohort_merge_new(int has_unit, enum period_unit unit);

/* Add the partial at path; dies with EXIT_DATA as mrr_merge_read(). */
void cohort_merge_read(struct cohort_merge *m, const char *path);

/*
 * Write the merged cohorts as cohort_write() would (mrr, long_form), or
 * (partial set) as a partial again.
 */
void cohort_merge_write(struct cohort_merge *m, struct churn_out *o,
                        int partial, int mrr, int long_form);

void cohort_merge_free(struct cohort_merge *m);

#endif
