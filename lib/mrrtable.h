/*
 * mrrtable.h - the period table of MRR movements, and the per-account
 * summary of rm-churn --accounts-out.
 *
 * Definitions, for an account a and a period P, with MRR(a, P) its MRR at
 * the end of P (cents) and P-1 the period before:
 *
 *	customers_start  #{a : MRR(a, P-1) > 0}
 *	customers_end    #{a : MRR(a, P) > 0}
 *	new, reactivated, churned, joined_left
 *			 #{a : mrr_classify() of a in P is that kind}
 *	mrr_start        sum MRR(a, P-1)        mrr_end   sum MRR(a, P)
 *	mrr_new          sum MRR(a, P) over new accounts
 *	mrr_reactivation sum MRR(a, P) over reactivated accounts
 *	mrr_expansion    sum MRR(a, P) - MRR(a, P-1) over expansions
 *	mrr_contraction  sum MRR(a, P-1) - MRR(a, P) over contractions
 *	mrr_churned      sum MRR(a, P-1) over churned accounts
 *
 * so that customers_start + new + reactivated - churned = customers_end
 * and mrr_start + new + expansion + reactivation - contraction - churned
 * = mrr_end, exactly (whole cents).  The rates written are
 *
 *	logo_churn_rate      churned / customers_start
 *	logo_retention       (customers_start - churned) / customers_start
 *	gross_mrr_churn_rate (contraction + churned) / mrr_start
 *	net_mrr_churn_rate   (contraction + churned - expansion) / mrr_start
 *	grr                  (mrr_start - contraction - churned) / mrr_start
 *	nrr                  (mrr_start + expansion - contraction - churned)
 *			     / mrr_start
 *	quick_ratio          (new + expansion + reactivation)
 *			     / (contraction + churned)
 *	arpa                 mrr_end / customers_end
 *
 * each missing (empty) when its denominator is 0.
 */
#ifndef RMKIT_MRRTABLE_H
#define RMKIT_MRRTABLE_H

#include <stdint.h>

#include "churnout.h"
#include "date.h"
#include "mrr.h"

/* The sums of one period (of one group). */
struct mrr_row {
	int64_t customers_start, new, reactivated, churned, joined_left,
	    customers_end;
	int64_t mrr_start, mrr_new, mrr_expansion, mrr_contraction, mrr_churned,
	    mrr_reactivation, mrr_end;
};

/* Rows for ngroups groups of n periods each. */
struct mrr_table {
	int ngroups, n;
	struct mrr_row *rows; /* rows[group * n + i] */
};

struct strmap;

/*
 * The group names of a table: *names gets a copy of each key of groups
 * (group id = strmap id), *order the ids sorted by byte order of their
 * names (the order groups are written in).  The caller frees both and
 * each name.
 */
void mrr_group_names(const struct strmap *groups, char ***names, int **order);

/* A table of zero rows for ngroups groups and n periods. */
struct mrr_table *mrr_table_new(int ngroups, int n);

/* Free it.  NULL is allowed. */
void mrr_table_free(struct mrr_table *t);

/* Add one account (seen over the table's n periods) to group. */
void mrr_table_add(struct mrr_table *t, int group, const struct mrr_view *v);

/*
 * Add the rows of u (a table of the same groups and periods, of other
 * accounts) to those of t.
 */
void mrr_table_add_table(struct mrr_table *t, const struct mrr_table *u);

/* Add one period's movement of one account to row r. */
void mrr_row_add(struct mrr_row *r, int64_t start, int64_t end,
                 int active_before, int active);

/* 1 when both identities above hold for r. */
int mrr_row_balanced(const struct mrr_row *r);

/*
 * Write the table: a first column called group_col holding each group's
 * name (when group_col is not NULL), then period (label of first + i in
 * unit) and the columns listed above.  Groups are written in the order
 * order[0 .. ngroups-1].
 */
void mrr_table_write(const struct mrr_table *t, struct churn_out *o,
                     enum period_unit unit, int first, const char *group_col,
                     char *const *group_names, const int *order);

/*
 * The --accounts-out summary of an account seen over n periods from the
 * first period of its data (so v->before is 0).
 *
 *	status     "active": MRR > 0 at the end of the last period and never
 *		   0 at a period end since it was first active;
 *		   "reactivated": MRR > 0 at the end, 0 at some period end
 *		   between; "churned": 0 at the end, active before;
 *		   "never": never above 0
 *	first, last  first and last period in which it was active (-1: none)
 *	tenure     number of periods with MRR > 0 at their end
 *	mrr        MRR at the end of the last period; lifetime as mrr_view()
 */
struct mrr_summary {
	const char *status;
	int first, last;
	int tenure;
	int64_t mrr, lifetime;
};

void mrr_summarize(const struct mrr_view *v, int n, struct mrr_summary *sum);

/*
 * Write the summary's cells: churn_status, first_active and last_active
 * (labels of first + s->first / s->last in unit, missing when never
 * active), tenure, mrr, lifetime_revenue.
 */
void mrr_summary_write(struct churn_out *o, const struct mrr_summary *s,
                       enum period_unit unit, int first);

struct table;

/*
 * rm-churn --accounts-out: the header, then the rows of the account table
 * tab (when not NULL, in its order; its columns first, summary cells
 * missing for accounts without events), then the other accounts of mrr in
 * byte order of their keys (account column only).  Each account is
 * summarised over the n periods from first.
 */
void mrr_accounts_write(struct churn_out *o, struct mrr_state *mrr,
                        struct table *tab, enum period_unit unit, int first,
                        int n);

#endif
