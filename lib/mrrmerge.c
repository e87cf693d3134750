/*
 * mrrmerge.c - partial period tables of rm-churn and their merge.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mrrmerge.h"
#include "strmap.h"
#include "xalloc.h"

#define NSUMS 13
#define NCOLS (NSUMS + 2)
#define MAX_MERGED_PERIODS 20000

/* The kind's columns: group, period, then the sums of struct mrr_row. */
static const char *const part_cols[NCOLS] = {
    "group",       "period",           "customers_start", "new",
    "reactivated", "churned",          "joined_left",     "customers_end",
    "mrr_start",   "mrr_new",          "mrr_expansion",   "mrr_contraction",
    "mrr_churned", "mrr_reactivation", "mrr_end"};

#define FIRST_MONEY 6

static int64_t *
row_field(struct mrr_row *r, int i)
{
	/* cppcheck-suppress constVariable ; callers write through them */
	int64_t *const f[NSUMS] = {
	    &r->customers_start, &r->new,         &r->reactivated,
	    &r->churned,         &r->joined_left, &r->customers_end,
	    &r->mrr_start,       &r->mrr_new,     &r->mrr_expansion,
	    &r->mrr_contraction, &r->mrr_churned, &r->mrr_reactivation,
	    &r->mrr_end};

	return f[i];
}

static void
write_row(struct churn_out *o, const char *sig, const char *group, int period,
          enum period_unit unit, struct mrr_row r)
{
	char label[PERIOD_BUFSIZE];
	int c;

	cp_record(o, sig, "row");
	churn_out_str(o, group);
	period_label(period, unit, label);
	churn_out_str(o, label);
	for (c = 0; c < NSUMS; c++)
		if (c < FIRST_MONEY)
			churn_out_count(o, *row_field(&r, c));
		else
			churn_out_money(o, *row_field(&r, c));
	churn_out_end_row(o);
}

void
mrr_partial_write(const struct mrr_table *t, struct churn_out *o,
                  const char *sig, const struct cp_range *g,
                  enum period_unit unit, int ngroups, char *const *group_names,
                  const int *order)
{
	long records;
	int i, k;

	cp_columns(o, part_cols, NCOLS);
	records = cp_range_write(o, sig, g, unit, 1, NCOLS);
	for (k = 0; k < ngroups; k++) {
		int group = order ? order[k] : k;

		for (i = 0; i < t->n; i++, records++)
			write_row(o, sig, group_names ? group_names[group] : "",
			          g->first + i, unit,
			          t->rows[(size_t)group * t->n + i]);
	}
	cp_end(o, sig, records, NCOLS);
}

/* One group's rows of one part: periods lo .. hi from rows[row0]. */
struct block {
	int group, lo, hi;
	size_t row0;
};

struct mrr_merge {
	int has_unit;
	enum period_unit unit;
	char *sig;
	struct cp_sig s;
	int parsed;
	struct strmap *groups;
	struct mrr_row *rows;
	size_t n, cap;
	struct block *blocks;
	size_t nblocks, blockcap;
	struct cp_range range;
};

/* Kept where LeakSanitizer finds it when a bad part ends the program. */
static struct mrr_merge *volatile current;

struct mrr_merge *
mrr_merge_new(int has_unit, enum period_unit unit)
{
	struct mrr_merge *m = xcalloc(1, sizeof(*m));

	m->has_unit = has_unit;
	m->unit = unit;
	m->groups = strmap_new();
	current = m;
	return m;
}

/* Take the unit and group column from the first signature. */
static void
first_signature(struct mrr_merge *m, struct cp_reader *r)
{
	cp_sig_first(r, m->sig, &m->s, &m->parsed, m->has_unit, &m->unit);
}

/* Read one row record into a new row of the current block. */
static void
read_row(struct mrr_merge *m, struct cp_reader *r, struct cp_seq *q)
{
	int period = cp_period(r, 1, m->unit), c;
	struct mrr_row *row;
	struct block *b;

	if (cp_seq_row(q, r, 0, 1, period)) {
		const char *g = cp_text(r, 0);

		grow_array((void **)&m->blocks, &m->blockcap, m->nblocks + 1,
		           sizeof(m->blocks[0]));
		b = &m->blocks[m->nblocks++];
		b->group = (int)strmap_intern(m->groups, g, strlen(g), NULL);
		b->lo = q->lo;
		b->hi = q->hi;
		b->row0 = m->n;
	}
	grow_array((void **)&m->rows, &m->cap, m->n + 1, sizeof(m->rows[0]));
	row = &m->rows[m->n++];
	for (c = 0; c < NSUMS; c++)
		*row_field(row, c) = c < FIRST_MONEY
		                         ? cp_count(r, c + 2, 0, INT64_MAX / 4)
		                         : cp_money(r, c + 2);
	if (!mrr_row_balanced(row))
		cp_fail(r, 7,
		        "the row does not balance (customers_start + new + "
		        "reactivated - churned = customers_end, and the same "
		        "for MRR)");
}

void
mrr_merge_read(struct mrr_merge *m, const char *path)
{
	struct cp_reader *r =
	    cp_open(path, "periods", part_cols, NCOLS, &m->sig);
	struct cp_range g = {0};
	struct cp_seq q = {0};
	const char *rec;
	int rows = 0;

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
			q.lo = g.first;
			q.hi = g.last > g.first ? g.last : g.first;
		}
		rows = 1;
		read_row(m, r, &q);
	}
	cp_seq_end(&q, r);
	first_signature(m, r);
	cp_close(r);
	cp_range_add(&m->range, &g);
}

/* Add each block, extended to the n periods from first, to t. */
static void
add_blocks(struct mrr_merge *m, struct mrr_table *t, int first, int n)
{
	size_t i;
	int p, c;

	for (i = 0; i < m->nblocks; i++) {
		const struct block *b = &m->blocks[i];
		struct mrr_row *dst = t->rows + (size_t)b->group * n;
		struct mrr_row *last = &m->rows[b->row0 + (b->hi - b->lo)];

		for (p = b->lo; p <= b->hi; p++)
			for (c = 0; c < NSUMS; c++)
				*row_field(&dst[p - first], c) += *row_field(
				    &m->rows[b->row0 + (p - b->lo)], c);
		for (p = b->hi + 1; p < first + n; p++) {
			dst[p - first].customers_start += last->customers_end;
			dst[p - first].customers_end += last->customers_end;
			dst[p - first].mrr_start += last->mrr_end;
			dst[p - first].mrr_end += last->mrr_end;
		}
	}
}

void
mrr_merge_write(struct mrr_merge *m, struct churn_out *o, int partial)
{
	const struct cp_range *g = &m->range;
	int n = 0, shown = 0, ng, i;
	struct mrr_table *t;
	char **names;
	int *order;

	if (g->has_first && g->has_last) {
		n = (g->last > g->first ? g->last : g->first) - g->first + 1;
		shown = g->last >= g->first ? n : 0;
	}
	if (n > MAX_MERGED_PERIODS)
		die(EXIT_DATA, "the parts span %d periods (at most %d)", n,
		    MAX_MERGED_PERIODS);
	ng = (int)strmap_count(m->groups);
	if (!partial && ng == 0)
		strmap_intern(m->groups, "", 0, NULL); /* as one run */
	ng = (int)strmap_count(m->groups);
	t = mrr_table_new(ng, n);
	if (n > 0)
		add_blocks(m, t, g->first, n);
	mrr_group_names(m->groups, &names, &order);
	if (partial) {
		mrr_partial_write(t, o, m->sig ? m->sig : "", g, m->unit, ng,
		                  names, order);
	} else {
		t->n = shown; /* the rows of first > last are not shown */
		mrr_table_write(t, o, m->unit, g->first,
		                m->parsed && *m->s.by ? m->s.by : NULL, names,
		                order);
	}
	for (i = 0; i < ng; i++)
		free(names[i]);
	free(names);
	free(order);
	mrr_table_free(t);
}

void
mrr_merge_free(struct mrr_merge *m)
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
