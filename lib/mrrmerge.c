/*
 * mrrmerge.c - partial period tables of rm-churn and their merge.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mrrmerge.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

#define NSUMS 13

/* The summed columns, in the order of struct mrr_row's fields. */
static const char *const sum_cols[NSUMS] = {
    "customers_start", "new",         "reactivated",
    "churned",         "joined_left", "customers_end",
    "mrr_start",       "mrr_new",     "mrr_expansion",
    "mrr_contraction", "mrr_churned", "mrr_reactivation",
    "mrr_end"};

#define FIRST_MONEY 6

static int64_t *
row_field(struct mrr_row *r, int i)
{
	int64_t *f[NSUMS] = {
	    &r->customers_start, &r->new,         &r->reactivated,
	    &r->churned,         &r->joined_left, &r->customers_end,
	    &r->mrr_start,       &r->mrr_new,     &r->mrr_expansion,
	    &r->mrr_contraction, &r->mrr_churned, &r->mrr_reactivation,
	    &r->mrr_end};

	return f[i];
}

void
mrr_partial_write(const struct mrr_table *t, struct churn_out *o,
                  enum period_unit unit, int first, const char *group_col,
                  char *const *group_names, const int *order)
{
	char label[PERIOD_BUFSIZE];
	int g, i, c;

	if (group_col)
		churn_out_column(o, group_col, COL_TEXT);
	churn_out_column(o, "period", COL_TEXT);
	for (c = 0; c < NSUMS; c++)
		churn_out_column(o, sum_cols[c], COL_NUMBER);
	for (g = 0; g < t->ngroups; g++) {
		int group = order ? order[g] : g;

		for (i = 0; i < t->n; i++) {
			struct mrr_row r = t->rows[(size_t)group * t->n + i];

			if (group_col)
				churn_out_str(o, group_names[group]);
			period_label(first + i, unit, label);
			churn_out_str(o, label);
			for (c = 0; c < NSUMS; c++) {
				if (c < FIRST_MONEY)
					churn_out_count(o, *row_field(&r, c));
				else
					churn_out_money(o, *row_field(&r, c));
			}
			churn_out_end_row(o);
		}
	}
}

struct prow {
	int group, period;
	struct mrr_row r;
};

struct mrr_merge {
	enum period_unit unit;
	struct strmap *groups;
	int nfiles;      /* files with rows so far */
	char *group_col; /* of the first file with rows */
	struct prow *rows;
	size_t n, cap;
	int first, last;
	struct mrr_table *table;
	char **names;
	int *order;
};

struct mrr_merge *
mrr_merge_new(enum period_unit unit)
{
	struct mrr_merge *m = xcalloc(1, sizeof(*m));

	m->unit = unit;
	m->groups = strmap_new();
	return m;
}

/* The value of column col of the current row as whole cents or a count. */
static int64_t
read_sum(struct tsv_reader *r, int col, int money)
{
	const char *s = tsv_field(r, col);
	double v;

	if (num_parse(s, tsv_field_len(r, col), &v) != 0 || fabs(v) > 1e15 ||
	    (!money && v != floor(v)))
		die(EXIT_DATA, "%s:%ld: column '%s': invalid %s '%s'",
		    tsv_name(r), tsv_lineno(r), tsv_colname(r, (size_t)col),
		    money ? "amount" : "count", s);
	return money ? (int64_t)llround(v * 100.0) : (int64_t)v;
}

/* Check the file's group column against the earlier files'. */
static int
group_column(struct mrr_merge *m, struct tsv_reader *r)
{
	const char *name = tsv_colname(r, 0);
	int has = strcmp(name, "period") != 0;

	if (m->nfiles == 0) {
		m->group_col = has ? xstrdup(name) : NULL;
	} else if (has != (m->group_col != NULL) ||
	           (has && strcmp(name, m->group_col) != 0)) {
		die(EXIT_DATA,
		    "%s: group column '%s' differs from the other parts' '%s'",
		    tsv_name(r), has ? name : "",
		    m->group_col ? m->group_col : "");
	}
	return has ? 0 : -1;
}

void
mrr_merge_read(struct mrr_merge *m, const char *path)
{
	struct tsv_reader *r = tsv_open(path);
	int cols[NSUMS], pcol, gcol = -1, c, lo = 0, hi = 0, rows = 0, st;
	char label[2][PERIOD_BUFSIZE];

	if (tsv_ncols(r) == 0) {
		tsv_close(r);
		return;
	}
	pcol = tsv_column(r, "period");
	for (c = 0; c < NSUMS; c++)
		if ((cols[c] = tsv_column(r, sum_cols[c])) < 0 || pcol < 0)
			die(EXIT_DATA,
			    "%s: not a partial table of rm-churn (no column "
			    "'%s')",
			    tsv_name(r), pcol < 0 ? "period" : sum_cols[c]);
	while ((st = tsv_next(r)) != 0) {
		struct prow *p;
		const char *g;

		if (st < 0)
			die(EXIT_DATA, "%s:%ld: %s", tsv_name(r), tsv_lineno(r),
			    tsv_error(r));
		if (rows == 0)
			gcol = group_column(m, r);
		grow_array((void **)&m->rows, &m->cap, m->n + 1,
		           sizeof(m->rows[0]));
		p = &m->rows[m->n++];
		memset(p, 0, sizeof(*p));
		if (period_parse_label(tsv_field(r, pcol), m->unit,
		                       &p->period) != 0)
			die(EXIT_DATA,
			    "%s:%ld: column 'period': invalid %s '%s'",
			    tsv_name(r), tsv_lineno(r),
			    period_unit_name(m->unit), tsv_field(r, pcol));
		g = gcol < 0 ? "" : tsv_field(r, gcol);
		p->group = (int)strmap_intern(m->groups, g, strlen(g), NULL);
		for (c = 0; c < NSUMS; c++)
			*row_field(&p->r, c) =
			    read_sum(r, cols[c], c >= FIRST_MONEY);
		if (rows == 0 || p->period < lo)
			lo = p->period;
		if (rows == 0 || p->period > hi)
			hi = p->period;
		rows++;
	}
	if (rows > 0 && m->nfiles > 0 && (lo != m->first || hi != m->last)) {
		period_label(m->first, m->unit, label[0]);
		period_label(m->last, m->unit, label[1]);
		die(EXIT_DATA,
		    "%s: periods differ from the other parts' %s to %s (give "
		    "every part the same --from and --to)",
		    tsv_name(r), label[0], label[1]);
	}
	if (rows > 0) {
		m->first = lo;
		m->last = hi;
		m->nfiles++;
	}
	tsv_close(r);
}

void
mrr_merge_result(struct mrr_merge *m, struct mrr_table **t, int *first,
                 const char **group_col, char ***names, int **order)
{
	int ng = (int)strmap_count(m->groups), n = m->last - m->first + 1;
	size_t i;
	int c;

	*t = NULL;
	*group_col = m->group_col;
	*first = m->first;
	if (m->nfiles == 0)
		return;
	m->table = mrr_table_new(ng, n);
	for (i = 0; i < m->n; i++) {
		struct prow *p = &m->rows[i];
		struct mrr_row *dst =
		    &m->table
		         ->rows[(size_t)p->group * n + (p->period - m->first)];

		for (c = 0; c < NSUMS; c++)
			*row_field(dst, c) += *row_field(&p->r, c);
	}
	mrr_group_names(m->groups, &m->names, &m->order);
	*t = m->table;
	*names = m->names;
	*order = m->order;
}

void
mrr_merge_free(struct mrr_merge *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; m->names && i < strmap_count(m->groups); i++)
		free(m->names[i]);
	free(m->names);
	free(m->order);
	mrr_table_free(m->table);
	strmap_free(m->groups);
	free(m->group_col);
	free(m->rows);
	free(m);
}
