/*
 * mrrmerge.h - partial period tables of rm-churn (--partial) and their
 * merge (--merge).
 *
 * When events are split by account into parts (GNU parallel, Hadoop
 * Streaming), every count and amount of the period table is the sum of
 * the parts', and the rates follow from the sums.  A partial table
 * (churnpart.h, kind "periods") has the columns
 *
 *	partial record group period customers_start new reactivated
 *	churned joined_left customers_end mrr_start mrr_new mrr_expansion
 *	mrr_contraction mrr_churned mrr_reactivation mrr_end
 *
 * and the records "first" and "last" (the part's periods, see struct
 * cp_range, in column period), one "row" per group (in byte order; "" is
 * the group when there is no --by) and period from first to the later of
 * first and last, and "end".  A part that has no account writes no rows.
 *
 * Parts need not cover the same periods: before a part's first period
 * its accounts had no MRR, and after its last one (its latest event)
 * nothing of theirs changes, so the merge extends each part's rows with
 * zeros before and with its last row's end state after.
 */
#ifndef RMKIT_MRRMERGE_H
#define RMKIT_MRRMERGE_H

#include "churnout.h"
#include "churnpart.h"
#include "date.h"
#include "mrrtable.h"

/*
 * Write t (whose t->n rows are the periods from g->first on) as a
 * partial with signature sig; ngroups groups are written (0: none),
 * group names[order[i]] ("" when names is NULL) the i-th.
 */
void mrr_partial_write(const struct mrr_table *t, struct churn_out *o,
                       const char *sig, const struct cp_range *g,
                       enum period_unit unit, int ngroups,
                       char *const *group_names, const int *order);

struct mrr_merge;

/*
 * A merge of partial tables; when has_unit, their period unit must be
 * unit (else it is the parts').
 */
struct mrr_merge *mrr_merge_new(int has_unit, enum period_unit unit);

/*
 * Add the partial table in the file at path ("-": stdin).  Anything but
 * a whole partial table made with the options of the first part read
 * ends the program with EXIT_DATA, naming file, line and column.
 */
void mrr_merge_read(struct mrr_merge *m, const char *path);

/*
 * Write the merged period table to o, or (partial set) the merge as a
 * partial table again.
 */
void mrr_merge_write(struct mrr_merge *m, struct churn_out *o, int partial);

/* Free m.  NULL is allowed. */
void mrr_merge_free(struct mrr_merge *m);

#endif
