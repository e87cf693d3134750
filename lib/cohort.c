/*
 * cohort.c - retention of cohorts of accounts by their first period.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "error.h"
#include "mrrtable.h"
#include "strmap.h"
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
cohort_add_table(struct cohort_table *t, const struct cohort_table *u)
{
	size_t i, cohorts = (size_t)t->ngroups * t->n + 1;

	for (i = 0; i < cohorts; i++) {
		t->customers[i] += u->customers[i];
		t->cohort_mrr[i] += u->cohort_mrr[i];
	}
	for (i = 0; i < cohorts * t->n; i++) {
		t->cells[i].active += u->cells[i].active;
		t->cells[i].mrr += u->cells[i].mrr;
	}
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
		(void)snprintf(name, sizeof(name), "%d", k);
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

#define NCOLS 7
static const char *const part_cols[NCOLS] = {
    "group", "cohort", "age", "customers", "active", "cohort_mrr", "mrr"};

void
cohort_partial_write(const struct cohort_table *t, struct churn_out *o,
                     const char *sig, const struct cp_range *g,
                     enum period_unit unit, int ngroups,
                     char *const *group_names, const int *order)
{
	char label[PERIOD_BUFSIZE];
	long records;
	int i, c, k;

	cp_columns(o, part_cols, NCOLS);
	records = cp_range_write(o, sig, g, unit, 1, NCOLS);
	for (i = 0; i < ngroups; i++) {
		int group = order ? order[i] : i;

		for (c = 0; c < t->n; c++) {
			size_t id = (size_t)group * t->n + c;

			period_label(g->first + c, unit, label);
			for (k = 0; c + k < t->n; k++, records++) {
				const struct cell *cell =
				    t->cells + id * t->n + k;

				cp_record(o, sig, "row");
				churn_out_str(
				    o, group_names ? group_names[group] : "");
				churn_out_str(o, label);
				churn_out_count(o, k);
				churn_out_count(o, t->customers[id]);
				churn_out_count(o, cell->active);
				churn_out_money(o, t->cohort_mrr[id]);
				churn_out_money(o, cell->mrr);
				churn_out_end_row(o);
			}
		}
	}
	cp_end(o, sig, records, NCOLS);
}

/* One row of a partial. */
struct prow {
	int64_t customers, active, cohort_mrr, mrr;
};

/*
 * One group's cohorts of one part: periods lo .. hi, the rows from
 * rows[row0] in order of cohort, then age.
 */
struct block {
	int group, lo, hi;
	size_t row0;
};

struct cohort_merge {
	int has_unit;
	enum period_unit unit;
	char *sig;
	struct cp_sig s;
	int parsed;
	struct strmap *groups;
	struct prow *rows;
	size_t n, cap;
	struct block *blocks;
	size_t nblocks, blockcap;
	struct cp_range range;
};

/* Kept where LeakSanitizer finds it when a bad part ends the program. */
static struct cohort_merge *volatile current;

struct cohort_merge *
cohort_merge_new(int has_unit, enum period_unit unit)
{
	struct cohort_merge *m = xcalloc(1, sizeof(*m));

	m->has_unit = has_unit;
	m->unit = unit;
	m->groups = strmap_new();
	current = m;
	return m;
}

void
cohort_merge_free(struct cohort_merge *m)
{
	if (m == NULL)
		return;
	strmap_free(m->groups);
	free(m->sig);
	cp_sig_free(&m->s);
	free(m->rows);
	free(m->blocks);
	free(m);
	current = NULL;
}

static void
first_signature(struct cohort_merge *m, struct cp_reader *r)
{
	cp_sig_first(r, m->sig, &m->s, &m->parsed, m->has_unit, &m->unit);
}

/* Index of (cohort c, age k) among the rows of a block of n periods. */
static size_t
position(int n, int c, int k)
{
	return (size_t)c * n - (size_t)c * (c - 1) / 2 + k;
}

static void
read_row(struct cohort_merge *m, struct cp_reader *r, struct cp_seq *q, int lo,
         int hi)
{
	int n = hi - lo + 1, c, k;
	struct prow *row;

	c = cp_period(r, 1, m->unit) - lo;
	if (c < 0 || c >= n)
		cp_fail(r, 1, "'%s' outside the periods of the partial",
		        cp_text(r, 1));
	k = (int)cp_count(r, 2, 0, n - 1 - c);
	if (cp_seq_row(q, r, 0, 1, (int)position(n, c, k))) {
		const char *g = cp_text(r, 0);
		struct block *b;

		grow_array((void **)&m->blocks, &m->blockcap, m->nblocks + 1,
		           sizeof(m->blocks[0]));
		b = &m->blocks[m->nblocks++];
		b->group = (int)strmap_intern(m->groups, g, strlen(g), NULL);
		b->lo = lo;
		b->hi = hi;
		b->row0 = m->n;
	}
	grow_array((void **)&m->rows, &m->cap, m->n + 1, sizeof(m->rows[0]));
	row = &m->rows[m->n++];
	row->customers = cp_count(r, 3, 0, INT64_MAX / 4);
	row->active = cp_count(r, 4, 0, row->customers);
	row->cohort_mrr = cp_money(r, 5);
	row->mrr = cp_money(r, 6);
	if (k > 0 && (row->customers != row[-k].customers ||
	              row->cohort_mrr != row[-k].cohort_mrr))
		cp_fail_line(r, "customers or cohort_mrr differ from age 0's");
}

void
cohort_merge_read(struct cohort_merge *m, const char *path)
{
	struct cp_reader *r =
	    cp_open(path, "cohorts", part_cols, NCOLS, &m->sig);
	struct cp_range g = {0};
	struct cp_seq q = {0};
	const char *rec;
	int rows = 0, hi = 0;

	while ((rec = cp_next(r)) != NULL) {
		first_signature(m, r);
		if (cp_range_read(r, rec, &g, m->unit, 1, rows))
			continue;
		if (strcmp(rec, "row") != 0)
			cp_fail(r, -1, "unknown record '%s'", rec);
		if (!rows && !(g.has_first && g.has_last))
			cp_fail(r, -1,
			        "a row before the first and last records");
		if (!rows) {
			int n;

			hi = g.last > g.first ? g.last : g.first;
			if (hi - g.first >= 20000)
				cp_fail_line(r, "more than 20000 periods");
			n = hi - g.first + 1;
			q.lo = 0;
			q.hi = (int)position(n, n, 0) - 1;
		}
		rows = 1;
		read_row(m, r, &q, g.first, hi);
	}
	cp_seq_end(&q, r);
	first_signature(m, r);
	cp_close(r);
	cp_range_add(&m->range, &g);
}

/* Add each block, extended to the table's periods from first, to t. */
static void
add_blocks(struct cohort_merge *m, struct cohort_table *t, int first)
{
	size_t i;
	int c, k, n = t->n;

	for (i = 0; i < m->nblocks; i++) {
		const struct block *b = &m->blocks[i];
		int bn = b->hi - b->lo + 1;

		for (c = 0; c < bn; c++) {
			size_t id = (size_t)b->group * n + (b->lo + c - first);
			const struct prow *row =
			    &m->rows[b->row0 + position(bn, c, 0)];
			struct cell *cells = t->cells + id * n;

			t->customers[id] += row->customers;
			t->cohort_mrr[id] += row->cohort_mrr;
			for (k = 0; b->lo + c + k < first + n; k++) {
				int age = c + k < bn ? k : bn - 1 - c;

				cells[k].active += row[age].active;
				cells[k].mrr += row[age].mrr;
			}
		}
	}
}

void
cohort_merge_write(struct cohort_merge *m, struct churn_out *o, int partial,
                   int mrr, int long_form)
{
	const struct cp_range *g = &m->range;
	int n = 0, shown = 0, ng, i;
	struct cohort_table *t;
	char **names;
	int *order;

	if (g->has_first && g->has_last) {
		n = (g->last > g->first ? g->last : g->first) - g->first + 1;
		shown = g->last >= g->first ? n : 0;
	}
	if (n > 20000)
		die(EXIT_DATA, "the parts span %d periods (at most 20000)", n);
	if (!partial && strmap_count(m->groups) == 0)
		strmap_intern(m->groups, "", 0, NULL); /* as one run */
	ng = (int)strmap_count(m->groups);
	t = cohort_new(ng, n);
	if (n > 0)
		add_blocks(m, t, g->first);
	mrr_group_names(m->groups, &names, &order);
	if (partial) {
		cohort_partial_write(t, o, m->sig, g, m->unit, ng, names,
		                     order);
	} else {
		t->n = shown;
		cohort_write(t, o, m->unit, g->first, mrr, long_form,
		             *m->s.by ? m->s.by : NULL, names, order);
		t->n = n;
	}
	for (i = 0; i < ng; i++)
		free(names[i]);
	free(names);
	free(order);
	cohort_free(t);
}
