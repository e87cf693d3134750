/*
 * cohort.c - retention of cohorts of accounts by their first period.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cohort.h"
#include "xalloc.h"

struct cell {
	int64_t active, mrr;
};

struct cohort_table {
	int ngroups, n;
	int64_t *customers;  /* [group * n + cohort] */
	int64_t *cohort_mrr; /* [group * n + cohort] */
	struct cell *cells;  /* [(group * n + cohort) * n + age] */
};

struct cohort_table *
cohort_new(int ngroups, int n)
{
	struct cohort_table *t = xcalloc(1, sizeof(*t));
	size_t cohorts = (size_t)ngroups * n + 1;

	t->ngroups = ngroups;
	t->n = n;
	t->customers = xcalloc(cohorts, sizeof(t->customers[0]));
	t->cohort_mrr = xcalloc(cohorts, sizeof(t->cohort_mrr[0]));
	t->cells = xcalloc(cohorts * n, sizeof(t->cells[0]));
	return t;
}

void
cohort_free(struct cohort_table *t)
{
	if (t == NULL)
		return;
	free(t->customers);
	free(t->cohort_mrr);
	free(t->cells);
	free(t);
}

void
cohort_add(struct cohort_table *t, int group, const struct mrr_view *v)
{
	size_t c;
	int first = 0, k;
	struct cell *row;

	if (v->active_before)
		return;
	while (first < t->n && !v->active[first])
		first++;
	if (first == t->n)
		return;
	c = (size_t)group * t->n + first;
	t->customers[c]++;
	t->cohort_mrr[c] += v->end[first];
	row = t->cells + c * t->n;
	for (k = 0; first + k < t->n; k++) {
		row[k].active += v->end[first + k] > 0;
		row[k].mrr += v->end[first + k];
	}
}

static void
write_header(const struct cohort_table *t, struct churn_out *o, int long_form,
             const char *group_col)
{
	char name[32];
	int k;

	if (group_col)
		churn_out_column(o, group_col, COL_TEXT);
	churn_out_column(o, "cohort", COL_TEXT);
	if (long_form) {
		churn_out_column(o, "age", COL_NUMBER);
		churn_out_column(o, "period", COL_TEXT);
	}
	churn_out_column(o, "customers", COL_NUMBER);
	if (long_form)
		churn_out_column(o, "active", COL_NUMBER);
	churn_out_column(o, "cohort_mrr", COL_NUMBER);
	if (long_form) {
		churn_out_column(o, "mrr", COL_NUMBER);
		churn_out_column(o, "retention", COL_NUMBER);
		return;
	}
	for (k = 0; k < t->n; k++) {
		snprintf(name, sizeof(name), "%d", k);
		churn_out_column(o, name, COL_NUMBER);
	}
}

static void
write_rate(struct churn_out *o, const struct cell *cell, int64_t customers,
           int64_t cohort_mrr, int mrr)
{
	if (mrr)
		churn_out_rate(o, (double)cell->mrr, (double)cohort_mrr);
	else
		churn_out_rate(o, (double)cell->active, (double)customers);
}

/* The long form's row of cohort id (period label) at age k. */
static void
write_long_row(const struct cohort_table *t, struct churn_out *o, size_t id,
               const char *group_name, const char *label, int k,
               const char *plabel, int mrr)
{
	const struct cell *cell = t->cells + id * t->n + k;

	if (group_name)
		churn_out_str(o, group_name);
	churn_out_str(o, label);
	churn_out_count(o, k);
	churn_out_str(o, plabel);
	churn_out_count(o, t->customers[id]);
	churn_out_count(o, cell->active);
	churn_out_money(o, t->cohort_mrr[id]);
	churn_out_money(o, cell->mrr);
	write_rate(o, cell, t->customers[id], t->cohort_mrr[id], mrr);
	churn_out_end_row(o);
}

/* The wide form's row of cohort id, the c-th period (label). */
static void
write_wide_row(const struct cohort_table *t, struct churn_out *o, size_t id,
               int c, const char *group_name, const char *label, int mrr)
{
	const struct cell *row = t->cells + id * t->n;
	int k;

	if (group_name)
		churn_out_str(o, group_name);
	churn_out_str(o, label);
	churn_out_count(o, t->customers[id]);
	churn_out_money(o, t->cohort_mrr[id]);
	for (k = 0; k < t->n; k++) {
		if (c + k < t->n)
			write_rate(o, &row[k], t->customers[id],
			           t->cohort_mrr[id], mrr);
		else
			churn_out_missing(o);
	}
	churn_out_end_row(o);
}

void
cohort_write(const struct cohort_table *t, struct churn_out *o,
             enum period_unit unit, int first, int mrr, int long_form,
             const char *group_col, char *const *group_names, const int *order)
{
	char label[PERIOD_BUFSIZE], plabel[PERIOD_BUFSIZE];
	int g, c, k;

	write_header(t, o, long_form, group_col);
	for (g = 0; g < t->ngroups; g++) {
		int group = order ? order[g] : g;
		const char *name = group_col ? group_names[group] : NULL;

		for (c = 0; c < t->n; c++) {
			size_t id = (size_t)group * t->n + c;

			period_label(first + c, unit, label);
			if (!long_form) {
				write_wide_row(t, o, id, c, name, label, mrr);
				continue;
			}
			for (k = 0; c + k < t->n; k++) {
				period_label(first + c + k, unit, plabel);
				write_long_row(t, o, id, name, label, k, plabel,
				               mrr);
			}
		}
	}
}
