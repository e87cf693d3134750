/*
 * mrrmerge.h - partial period tables of rm-churn (--partial) and their
 * merge (--merge).
 *
 * When events are split by account into parts (GNU parallel, Hadoop
 * Streaming), every column of the period table that is a count or an
 * amount is the sum of the parts' columns, and the rates follow from the
 * sums.  A partial table holds only those columns:
 *
 *	[group] period customers_start new reactivated churned joined_left
 *	customers_end mrr_start mrr_new mrr_expansion mrr_contraction
 *	mrr_churned mrr_reactivation mrr_end
 *
 * Every part must cover the same periods (give each the same --period,
 * --from and --to), which the merge checks.
 */
#ifndef RMKIT_MRRMERGE_H
#define RMKIT_MRRMERGE_H

#include "churnout.h"
#include "date.h"
#include "mrrtable.h"

/*
 * Write t as a partial table (arguments as for mrr_table_write()).
 */
void mrr_partial_write(const struct mrr_table *t, struct churn_out *o,
		       enum period_unit unit, int first, const char *group_col,
		       char *const *group_names, const int *order);

struct mrr_merge;

/* A merge of partial tables whose periods are of unit. */
struct mrr_merge *mrr_merge_new(enum period_unit unit);

/*
 * Add the partial table in the file at path ("-": stdin).  A file that is
 * not a partial table, a bad number or period label, or a file whose
 * periods differ from the others' ends the program with EXIT_DATA.
 */
void mrr_merge_read(struct mrr_merge *m, const char *path);

/*
 * The merged table, its first period, its group column (NULL: none) and
 * group names in byte order (names[order[i]]), all owned by m; *t is NULL
 * when no rows were read.
 */
void mrr_merge_result(struct mrr_merge *m, struct mrr_table **t, int *first,
		      const char **group_col, char ***names, int **order);

/* Free m and everything it returned.  NULL is allowed. */
void mrr_merge_free(struct mrr_merge *m);

#endif
