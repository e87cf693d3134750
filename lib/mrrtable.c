/*
 * mrrtable.c - the period table of MRR movements and account summaries.
 */
#include <stdlib.h>
#include <string.h>

#include "mrrtable.h"
#include "strmap.h"
#include "table.h"
#include "xalloc.h"

static int
cmp_names(const void *a, const void *b, void *names)
{
	char **n = names;

	return strcmp(n[*(const int *)a], n[*(const int *)b]);
}

void
mrr_group_names(const struct strmap *groups, char ***names, int **order)
{
	int n = (int)strmap_count(groups), g;

	*names = xcalloc(n, sizeof((*names)[0]));
	*order = xcalloc(n, sizeof((*order)[0]));
	for (g = 0; g < n; g++) {
		(*names)[g] = xstrdup(strmap_key(groups, g));
		(*order)[g] = g;
	}
	qsort_r(*order, n, sizeof((*order)[0]), cmp_names, *names);
}

struct mrr_table *
mrr_table_new(int ngroups, int n)
{
	struct mrr_table *t = xcalloc(1, sizeof(*t));

	t->ngroups = ngroups;
	t->n = n;
	t->rows = xcalloc((size_t)ngroups * n + 1, sizeof(t->rows[0]));
	return t;
}

void
mrr_table_add_table(struct mrr_table *t, const struct mrr_table *u)
{
	size_t i, n = (size_t)t->ngroups * t->n;

	for (i = 0; i < n; i++) {
		struct mrr_row *r = &t->rows[i];
		const struct mrr_row *x = &u->rows[i];

		r->customers_start += x->customers_start;
		r->new += x->new;
		r->reactivated += x->reactivated;
		r->churned += x->churned;
		r->joined_left += x->joined_left;
		r->customers_end += x->customers_end;
		r->mrr_start += x->mrr_start;
		r->mrr_new += x->mrr_new;
		r->mrr_expansion += x->mrr_expansion;
		r->mrr_contraction += x->mrr_contraction;
		r->mrr_churned += x->mrr_churned;
		r->mrr_reactivation += x->mrr_reactivation;
		r->mrr_end += x->mrr_end;
	}
}

void
mrr_table_free(struct mrr_table *t)
{
	if (t == NULL)
		return;
	free(t->rows);
	free(t);
}

void
mrr_row_add(struct mrr_row *r, int64_t start, int64_t end, int active_before,
            int active)
{
	r->customers_start += start > 0;
	r->customers_end += end > 0;
	r->mrr_start += start;
	r->mrr_end += end;
	switch (mrr_classify(start, end, active_before, active)) {
	case MOVE_NEW:
		r->new ++;
		r->mrr_new += end;
		break;
	case MOVE_REACTIVATION:
		r->reactivated++;
		r->mrr_reactivation += end;
		break;
	case MOVE_EXPANSION:
		r->mrr_expansion += end - start;
		break;
	case MOVE_CONTRACTION:
		r->mrr_contraction += start - end;
		break;
	case MOVE_CHURN:
		r->churned++;
		r->mrr_churned += start;
		break;
	case MOVE_JOINED_LEFT:
		r->joined_left++;
		break;
	case MOVE_NONE:
		break;
	}
}

void
mrr_table_add(struct mrr_table *t, int group, const struct mrr_view *v)
{
	struct mrr_row *rows = t->rows + (size_t)group * t->n;
	int64_t start = v->before;
	int i, active_before = v->active_before;

	for (i = 0; i < t->n; i++) {
		mrr_row_add(&rows[i], start, v->end[i], active_before,
		            v->active[i]);
		active_before |= v->active[i];
		start = v->end[i];
	}
}

int
mrr_row_balanced(const struct mrr_row *r)
{
	return r->customers_start + r->new + r->reactivated - r->churned ==
	           r->customers_end &&
	       r->mrr_start + r->mrr_new + r->mrr_expansion +
	               r->mrr_reactivation - r->mrr_contraction -
	               r->mrr_churned ==
	           r->mrr_end;
}

static void
write_header(struct churn_out *o, const char *group_col)
{
	static const char *const cols[] = {"customers_start",
	                                   "new",
	                                   "reactivated",
	                                   "churned",
	                                   "joined_left",
	                                   "customers_end",
	                                   "logo_churn_rate",
	                                   "logo_retention",
	                                   "mrr_start",
	                                   "mrr_new",
	                                   "mrr_expansion",
	                                   "mrr_contraction",
	                                   "mrr_churned",
	                                   "mrr_reactivation",
	                                   "mrr_end",
	                                   "gross_mrr_churn_rate",
	                                   "net_mrr_churn_rate",
	                                   "grr",
	                                   "nrr",
	                                   "quick_ratio",
	                                   "arpa"};
	size_t i;

	if (group_col)
		churn_out_column(o, group_col, COL_TEXT);
	churn_out_column(o, "period", COL_TEXT);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		churn_out_column(o, cols[i], COL_NUMBER);
}

static void
write_row(struct churn_out *o, const struct mrr_row *r)
{
	double start = (double)r->mrr_start;
	double lost = (double)r->mrr_contraction + (double)r->mrr_churned;
	double gained = (double)r->mrr_new + (double)r->mrr_expansion +
	                (double)r->mrr_reactivation;

	churn_out_count(o, r->customers_start);
	churn_out_count(o, r->new);
	churn_out_count(o, r->reactivated);
	churn_out_count(o, r->churned);
	churn_out_count(o, r->joined_left);
	churn_out_count(o, r->customers_end);
	churn_out_rate(o, (double)r->churned, (double)r->customers_start);
	churn_out_rate(o, (double)(r->customers_start - r->churned),
	               (double)r->customers_start);
	churn_out_money(o, r->mrr_start);
	churn_out_money(o, r->mrr_new);
	churn_out_money(o, r->mrr_expansion);
	churn_out_money(o, r->mrr_contraction);
	churn_out_money(o, r->mrr_churned);
	churn_out_money(o, r->mrr_reactivation);
	churn_out_money(o, r->mrr_end);
	churn_out_rate(o, lost, start);
	churn_out_rate(o, lost - (double)r->mrr_expansion, start);
	churn_out_rate(o, start - lost, start);
	churn_out_rate(o, start + (double)r->mrr_expansion - lost, start);
	churn_out_ratio(o, gained, lost);
	/* arpa is money: cents / customers, rounded to the cent. */
	if (r->customers_end > 0)
		churn_out_real(
		    o, (double)r->mrr_end / 100.0 / (double)r->customers_end,
		    2);
	else
		churn_out_missing(o);
	churn_out_end_row(o);
}

void
mrr_table_write(const struct mrr_table *t, struct churn_out *o,
                enum period_unit unit, int first, const char *group_col,
                char *const *group_names, const int *order)
{
	char label[PERIOD_BUFSIZE];
	int g, i;

	write_header(o, group_col);
	for (g = 0; g < t->ngroups; g++) {
		int group = order ? order[g] : g;

		for (i = 0; i < t->n; i++) {
			if (group_col)
				churn_out_str(o, group_names[group]);
			period_label(first + i, unit, label);
			churn_out_str(o, label);
			write_row(o, &t->rows[(size_t)group * t->n + i]);
		}
	}
}

void
mrr_summarize(const struct mrr_view *v, int n, struct mrr_summary *sum)
{
	int i, gap = 0;

	sum->first = sum->last = -1;
	sum->tenure = 0;
	for (i = 0; i < n; i++) {
		if (v->active[i]) {
			if (sum->first < 0)
				sum->first = i;
			sum->last = i;
		}
		if (v->end[i] > 0)
			sum->tenure++;
		else if (sum->first >= 0 && i < n - 1)
			gap = 1;
	}
	sum->mrr = n > 0 ? v->end[n - 1] : 0;
	sum->lifetime = v->lifetime;
	if (sum->first < 0)
		sum->status = "never";
	else if (sum->mrr == 0)
		sum->status = "churned";
	else
		sum->status = gap ? "reactivated" : "active";
}

static int
cmp_keys(const void *a, const void *b, void *mrr)
{
	return strcmp(mrr_account_key(mrr, *(const size_t *)a),
	              mrr_account_key(mrr, *(const size_t *)b));
}

void
mrr_summary_write(struct churn_out *o, const struct mrr_summary *s,
                  enum period_unit unit, int first)
{
	char label[PERIOD_BUFSIZE];

	churn_out_str(o, s->status);
	if (s->first >= 0) {
		period_label(first + s->first, unit, label);
		churn_out_str(o, label);
		period_label(first + s->last, unit, label);
		churn_out_str(o, label);
	} else {
		churn_out_missing(o);
		churn_out_missing(o);
	}
	churn_out_count(o, s->tenure);
	churn_out_money(o, s->mrr);
	churn_out_money(o, s->lifetime);
}

void
mrr_accounts_write(struct churn_out *o, struct mrr_state *mrr,
                   struct table *tab, enum period_unit unit, int first, int n)
{
	static const char *const cols[] = {"churn_status", "first_active",
	                                   "last_active",  "tenure",
	                                   "mrr",          "lifetime_revenue"};
	size_t na = mrr_naccounts(mrr), i, *ids = xcalloc(na + 1, sizeof(*ids));
	struct mrr_summary *sums = xcalloc(na + 1, sizeof(*sums));
	unsigned char *done = xcalloc(na + 1, 1);
	struct mrr_view v = {xcalloc(n + 1, sizeof(int64_t)), xcalloc(n + 1, 1),
	                     0, 0, 0};
	size_t ncols = tab ? table_ncols(tab) : 0, c, r;
	int key = tab ? table_column(tab, "account") : -1;

	for (i = 0; i < na; i++) {
		if (n > 0)
			mrr_view(mrr, i, unit, first, n, &v);
		mrr_summarize(&v, n, &sums[i]);
		ids[i] = i;
	}
	qsort_r(ids, na, sizeof(ids[0]), cmp_keys, mrr);
	if (!tab)
		churn_out_column(o, "account", COL_TEXT);
	for (c = 0; c < ncols; c++)
		churn_out_column(o, table_colname(tab, c), COL_TEXT);
	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		churn_out_column(o, cols[c], c < 3 ? COL_TEXT : COL_NUMBER);
	for (r = 0; tab && r < table_nrows(tab); r++) {
		const char *k = table_cell(tab, r, key);
		long id = mrr_find_account(mrr, k, strlen(k));

		for (c = 0; c < ncols; c++)
			churn_out_str(o, table_cell(tab, r, (int)c));
		if (id >= 0) {
			mrr_summary_write(o, &sums[id], unit, first);
			done[id] = 1;
		} else {
			for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
				churn_out_missing(o);
		}
		churn_out_end_row(o);
	}
	for (i = 0; i < na; i++) {
		if (done[ids[i]])
			continue;
		if (!tab)
			churn_out_str(o, mrr_account_key(mrr, ids[i]));
		for (c = 0; c < ncols; c++) {
			if ((int)c == key)
				churn_out_str(o, mrr_account_key(mrr, ids[i]));
			else
				churn_out_missing(o);
		}
		mrr_summary_write(o, &sums[ids[i]], unit, first);
		churn_out_end_row(o);
	}
	free(v.end);
	free(v.active);
	free(done);
	free(sums);
	free(ids);
}
