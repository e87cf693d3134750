/*
 * renewal.c - contract renewals: due, renewed, open, days early or late.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mrr.h"
#include "mrrtable.h"
#include "renewal.h"
#include "stats.h"
#include "strmap.h"
#include "xalloc.h"

struct contract {
	size_t account;
	int due_day, renewed_day; /* INT_MIN: no such event */
	int64_t due_cents, renewed_cents;
};

struct renewal_state {
	struct strmap *keys;
	struct contract *c;
	size_t cap;
	char *keybuf;
	size_t keycap;
};

struct renewal_state *
renewal_new(void)
{
	struct renewal_state *r = xcalloc(1, sizeof(*r));

	r->keys = strmap_new();
	return r;
}

void
renewal_free(struct renewal_state *r)
{
	if (r == NULL)
		return;
	strmap_free(r->keys);
	free(r->c);
	free(r->keybuf);
	free(r);
}

/* Keep (day, cents) in *day, *cents when it is later (or larger). */
static void
keep_latest(int *day, int64_t *cents, int new_day, int64_t new_cents)
{
	if (new_day > *day || (new_day == *day && new_cents > *cents)) {
		*day = new_day;
		*cents = new_cents;
	}
}

void
renewal_add(struct renewal_state *r, size_t account_id, const char *account,
            size_t account_len, const char *ref, size_t ref_len, int renewed,
            int day, double value)
{
	size_t len = account_len + 1 + ref_len, id;
	int added;
	struct contract *c;

	grow_array((void **)&r->keybuf, &r->keycap, len + 1, 1);
	memcpy(r->keybuf, account, account_len);
	r->keybuf[account_len] = '\t';
	memcpy(r->keybuf + account_len + 1, ref, ref_len);
	id = strmap_intern(r->keys, r->keybuf, len, &added);
	if (added) {
		grow_array((void **)&r->c, &r->cap, id + 1, sizeof(r->c[0]));
		r->c[id].account = account_id;
		r->c[id].due_day = r->c[id].renewed_day = INT_MIN;
		r->c[id].due_cents = r->c[id].renewed_cents = 0;
	}
	c = &r->c[id];
	if (renewed)
		keep_latest(&c->renewed_day, &c->renewed_cents, day,
		            mrr_cents(value));
	else
		keep_latest(&c->due_day, &c->due_cents, day, mrr_cents(value));
}

size_t
renewal_unmatched(const struct renewal_state *r)
{
	size_t i, n = 0;

	for (i = 0; i < strmap_count(r->keys); i++)
		n += r->c[i].due_day == INT_MIN;
	return n;
}

struct tally {
	long long due, renewed, past_due;
	int64_t due_cents, renewed_cents;
	struct dvec days; /* renewed day - due day of each renewed one */
	struct dvec open; /* due days of the open ones not yet past due */
};

static void
write_row(struct churn_out *o, struct tally *t)
{
	double mean = NAN, median = NAN;

	if (t->days.n > 0) {
		mean = stats_mean(t->days.v, t->days.n);
		median = stats_median(t->days.v, t->days.n);
	}

	churn_out_count(o, t->due);
	churn_out_count(o, t->renewed);
	churn_out_count(o, t->due - t->renewed);
	churn_out_count(o, t->past_due);
	churn_out_money(o, t->due_cents);
	churn_out_money(o, t->renewed_cents);
	churn_out_rate(o, (double)t->renewed, (double)t->due);
	churn_out_rate(o, (double)t->renewed_cents, (double)t->due_cents);
	churn_out_real(o, mean, 1);
	churn_out_real(o, median, 1);
	churn_out_end_row(o);
}

static void
write_header(struct churn_out *o, const char *group_col)
{
	static const char *const cols[] = {
	    "due",       "renewed",       "open",         "past_due",
	    "due_value", "renewed_value", "renewal_rate", "value_rate",
	    "mean_days", "median_days"};
	size_t i;

	if (group_col)
		churn_out_column(o, group_col, COL_TEXT);
	churn_out_column(o, "period", COL_TEXT);
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		churn_out_column(o, cols[i], COL_NUMBER);
}

/* The tallies of n periods from first for ngroups groups. */
static struct tally *
tally_contracts(const struct renewal_state *r, enum period_unit unit, int first,
                int n, int as_of, int ngroups, const int *group_of)
{
	struct tally *tal = xcalloc((size_t)ngroups * n + 1, sizeof(*tal));
	size_t i;
	int g, p;

	for (i = 0; i < strmap_count(r->keys); i++) {
		const struct contract *c = &r->c[i];
		struct tally *t;

		if (c->due_day == INT_MIN)
			continue;
		p = period_of(c->due_day, unit) - first;
		if (p < 0 || p >= n)
			continue;
		g = group_of ? group_of[c->account] : 0;
		t = &tal[(size_t)g * n + p];
		t->due++;
		t->due_cents += c->due_cents;
		if (c->renewed_day != INT_MIN) {
			t->renewed++;
			t->renewed_cents += c->renewed_cents;
			dvec_push(&t->days, c->renewed_day - c->due_day);
		} else if (c->due_day < as_of) {
			t->past_due++;
		} else {
			dvec_push(&t->open, c->due_day);
		}
	}
	return tal;
}

static void
free_tallies(struct tally *tal, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		dvec_free(&tal[i].days);
		dvec_free(&tal[i].open);
	}
	free(tal);
}

/* Write the final table of the tallies. */
static void
write_tallies(struct tally *tal, struct churn_out *o, enum period_unit unit,
              int first, int n, int ngroups, const char *group_col,
              char *const *group_names, const int *order)
{
	char label[PERIOD_BUFSIZE];
	int g, p;

	write_header(o, group_col);
	for (g = 0; g < ngroups; g++) {
		int group = order ? order[g] : g;

		for (p = 0; p < n; p++) {
			if (group_col)
				churn_out_str(o, group_names[group]);
			period_label(first + p, unit, label);
			churn_out_str(o, label);
			write_row(o, &tal[(size_t)group * n + p]);
		}
	}
}

void
renewal_write(const struct renewal_state *r, struct churn_out *o,
              enum period_unit unit, int first, int n, int as_of, int ngroups,
              const int *group_of, const char *group_col,
              char *const *group_names, const int *order)
{
	struct tally *tal =
	    tally_contracts(r, unit, first, n, as_of, ngroups, group_of);

	write_tallies(tal, o, unit, first, n, ngroups, group_col, group_names,
	              order);
	free_tallies(tal, (size_t)ngroups * n);
}

#define NCOLS 10
static const char *const part_cols[NCOLS] = {
    "group",   "period",   "date",      "days",          "due",
    "renewed", "past_due", "due_value", "renewed_value", "count"};
enum {
	C_GROUP,
	C_PERIOD,
	C_DATE,
	C_DAYS,
	C_DUE,
	C_RENEWED,
	C_PAST_DUE,
	C_DUE_VALUE,
	C_RENEWED_VALUE,
	C_COUNT
};

/* A record of one group and period: its first cells (up to days). */
static void
begin_record(struct churn_out *o, const char *sig, const char *record,
             const char *group, const char *label)
{
	cp_record(o, sig, record);
	churn_out_str(o, group);
	churn_out_str(o, label);
}

/*
 * The days or open records of the values in d (sorted here): one per
 * distinct value with its count.  Returns the number written.
 */
static long
write_counts(struct churn_out *o, const char *sig, const char *record,
             const char *group, const char *label, struct dvec *d)
{
	char date[DATE_BUFSIZE];
	size_t i, j;
	long n = 0;
	int c;

	stats_sort(d->v, d->n);
	for (i = 0; i < d->n; i = j, n++) {
		for (j = i; j < d->n && d->v[j] == d->v[i]; j++)
			;
		begin_record(o, sig, record, group, label);
		if (record[0] == 'o') { /* open: a due date */
			date_format((int)d->v[i], date);
			churn_out_str(o, date);
			churn_out_missing(o);
		} else {
			churn_out_missing(o);
			churn_out_count(o, (long long)d->v[i]);
		}
		for (c = C_DUE; c < C_COUNT; c++)
			churn_out_missing(o);
		churn_out_count(o, (long long)(j - i));
		churn_out_end_row(o);
	}
	return n;
}

static long
write_partial_as_of(struct churn_out *o, const char *sig, int as_of)
{
	char date[DATE_BUFSIZE];
	int c;

	if (as_of == INT_MIN)
		return 0;
	begin_record(o, sig, "as_of", "", "");
	date_format(as_of, date);
	churn_out_str(o, date);
	for (c = C_DAYS; c < NCOLS; c++)
		churn_out_missing(o);
	churn_out_end_row(o);
	return 1;
}

/* Write the tallies as a partial. */
static void
write_partial_tallies(struct tally *tal, struct churn_out *o, const char *sig,
                      const struct cp_range *g, int n, int as_of,
                      enum period_unit unit, int ngroups,
                      char *const *group_names, const int *order)
{
	char label[PERIOD_BUFSIZE];
	long records;
	int k, p;

	cp_columns(o, part_cols, NCOLS);
	records = cp_range_write(o, sig, g, unit, C_PERIOD, NCOLS);
	records += write_partial_as_of(o, sig, as_of);
	for (k = 0; k < ngroups; k++) {
		int group = order ? order[k] : k;
		const char *name = group_names ? group_names[group] : "";

		for (p = 0; p < n; p++, records++) {
			struct tally *t = &tal[(size_t)group * n + p];

			period_label(g->first + p, unit, label);
			begin_record(o, sig, "row", name, label);
			churn_out_missing(o);
			churn_out_missing(o);
			churn_out_count(o, t->due);
			churn_out_count(o, t->renewed);
			churn_out_count(o, t->past_due);
			churn_out_money(o, t->due_cents);
			churn_out_money(o, t->renewed_cents);
			churn_out_missing(o);
			churn_out_end_row(o);
			records +=
			    write_counts(o, sig, "days", name, label, &t->days);
			records +=
			    write_counts(o, sig, "open", name, label, &t->open);
		}
	}
	cp_end(o, sig, records, NCOLS);
}

void
renewal_partial_write(const struct renewal_state *r, struct churn_out *o,
                      const char *sig, const struct cp_range *g, int n,
                      int as_of, int ngroups, const int *group_of,
                      char *const *group_names, const int *order,
                      enum period_unit unit)
{
	struct tally *tal =
	    tally_contracts(r, unit, g->first, n, as_of, ngroups, group_of);

	write_partial_tallies(tal, o, sig, g, n, as_of, unit, ngroups,
	                      group_names, order);
	free_tallies(tal, (size_t)ngroups * n);
}

/* A row, days or open record of a partial. */
struct prow {
	int group, period;
	char record; /* 'r', 'd' or 'o' */
	int value;   /* days or due date */
	long long due, renewed, past_due, count;
	int64_t due_cents, renewed_cents;
};

struct renewal_merge {
	int has_unit;
	enum period_unit unit;
	char *sig;
	struct cp_sig s;
	int parsed;
	struct strmap *groups;
	struct prow *rows;
	size_t n, cap;
	struct cp_range range;
	int as_of;
};

/* Kept where LeakSanitizer finds it when a bad part ends the program. */
static struct renewal_merge *volatile current;

struct renewal_merge *
renewal_merge_new(int has_unit, enum period_unit unit)
{
	struct renewal_merge *m = xcalloc(1, sizeof(*m));

	m->has_unit = has_unit;
	m->unit = unit;
	m->groups = strmap_new();
	m->as_of = INT_MIN;
	current = m;
	return m;
}

void
renewal_merge_free(struct renewal_merge *m)
{
	if (m == NULL)
		return;
	strmap_free(m->groups);
	free(m->sig);
	cp_sig_free(&m->s);
	free(m->rows);
	free(m);
	current = NULL;
}

static void
first_signature(struct renewal_merge *m, struct cp_reader *r)
{
	cp_sig_first(r, m->sig, &m->s, &m->parsed, m->has_unit, &m->unit);
}

/* What the days and open records of the current row must still count. */
struct pending {
	long long days, open;
};

static void
check_pending(struct cp_reader *r, const struct pending *w)
{
	if (w->days != 0 || w->open != 0)
		cp_fail_line(r, "the days or open records before this line do "
		                "not add up to their row's renewed or open "
		                "contracts (not a whole partial)");
}

static struct prow *
new_row(struct renewal_merge *m)
{
	struct prow *p;

	grow_array((void **)&m->rows, &m->cap, m->n + 1, sizeof(m->rows[0]));
	p = &m->rows[m->n++];
	memset(p, 0, sizeof(*p));
	return p;
}

static void
read_row(struct renewal_merge *m, struct cp_reader *r, struct cp_seq *q,
         struct pending *w, int *group)
{
	int period = cp_period(r, C_PERIOD, m->unit);
	struct prow *p;

	check_pending(r, w);
	if (cp_seq_row(q, r, C_GROUP, C_PERIOD, period)) {
		const char *g = cp_text(r, C_GROUP);

		*group = (int)strmap_intern(m->groups, g, strlen(g), NULL);
	}
	p = new_row(m);
	p->record = 'r';
	p->group = *group;
	p->period = period;
	p->due = cp_count(r, C_DUE, 0, INT64_MAX / 4);
	p->renewed = cp_count(r, C_RENEWED, 0, p->due);
	p->past_due = cp_count(r, C_PAST_DUE, 0, p->due - p->renewed);
	p->due_cents = cp_money(r, C_DUE_VALUE);
	p->renewed_cents = cp_money(r, C_RENEWED_VALUE);
	w->days = p->renewed;
	w->open = p->due - p->renewed - p->past_due;
}

/* A days or open record of the row before it. */
static void
read_count(struct renewal_merge *m, struct cp_reader *r, const char *rec,
           const struct cp_seq *q, struct pending *w, int group)
{
	int period = cp_period(r, C_PERIOD, m->unit), open = rec[0] == 'o';
	long long *left = open ? &w->open : &w->days;
	struct prow *p;

	if (!q->active || strcmp(cp_text(r, C_GROUP), q->group) != 0 ||
	    period != q->next - 1)
		cp_fail(r, C_PERIOD,
		        "'%s' record of another group or period "
		        "than the row before it",
		        rec);
	p = new_row(m);
	p->record = rec[0];
	p->group = group;
	p->period = period;
	if (open) {
		p->value = cp_date(r, C_DATE);
		if (period_of(p->value, m->unit) != period)
			cp_fail(r, C_DATE, "'%s' is not in period %s",
			        cp_text(r, C_DATE), cp_text(r, C_PERIOD));
	} else {
		p->value = (int)cp_count(r, C_DAYS, -4000000, 4000000);
	}
	p->count = cp_count(r, C_COUNT, 1, *left);
	*left -= p->count;
}

void
renewal_merge_read(struct renewal_merge *m, const char *path)
{
	struct cp_reader *r =
	    cp_open(path, "renewals", part_cols, NCOLS, &m->sig);
	struct cp_range g = {0};
	struct cp_seq q = {0};
	struct pending w = {0, 0};
	const char *rec;
	int rows = 0, group = 0, as_of = INT_MIN;

	while ((rec = cp_next(r)) != NULL) {
		first_signature(m, r);
		if (cp_range_read(r, rec, &g, m->unit, C_PERIOD, rows))
			continue;
		if (strcmp(rec, "as_of") == 0) {
			if (rows || as_of != INT_MIN)
				cp_fail(r, -1,
				        "'as_of' record repeated or "
				        "after the rows");
			as_of = cp_date(r, C_DATE);
			continue;
		}
		if (strcmp(rec, "days") == 0 || strcmp(rec, "open") == 0) {
			read_count(m, r, rec, &q, &w, group);
			continue;
		}
		if (strcmp(rec, "row") != 0)
			cp_fail(r, -1, "unknown record '%s'", rec);
		if (!rows && !(g.has_first && g.has_last && g.last >= g.first))
			cp_fail(r, -1,
			        "a row outside the periods of the "
			        "first and last records");
		if (!rows) {
			q.lo = g.first;
			q.hi = g.last;
		}
		rows = 1;
		read_row(m, r, &q, &w, &group);
	}
	check_pending(r, &w);
	cp_seq_end(&q, r);
	first_signature(m, r);
	cp_close(r);
	cp_range_add(&m->range, &g);
	if (as_of > m->as_of)
		m->as_of = as_of;
}

/* Add the records to the tallies of n periods from first. */
static void
add_rows(struct renewal_merge *m, struct tally *tal, int first, int n)
{
	size_t i;
	long long k;

	for (i = 0; i < m->n; i++) {
		const struct prow *p = &m->rows[i];
		struct tally *t =
		    &tal[(size_t)p->group * n + (p->period - first)];

		if (p->period < first || p->period >= first + n)
			continue;
		switch (p->record) {
		case 'r':
			t->due += p->due;
			t->renewed += p->renewed;
			t->past_due += p->past_due;
			t->due_cents += p->due_cents;
			t->renewed_cents += p->renewed_cents;
			break;
		case 'd':
			for (k = 0; k < p->count; k++)
				dvec_push(&t->days, p->value);
			break;
		default:
			if (p->value < m->as_of)
				t->past_due += p->count;
			else
				for (k = 0; k < p->count; k++)
					dvec_push(&t->open, p->value);
			break;
		}
	}
}

void
renewal_merge_write(struct renewal_merge *m, struct churn_out *o, int partial)
{
	const struct cp_range *g = &m->range;
	int n = 0, ng, i;
	struct tally *tal;
	char **names;
	int *order;

	if (g->has_first && g->has_last && g->last >= g->first)
		n = g->last - g->first + 1;
	if (n > 20000)
		die(EXIT_DATA, "the parts span %d periods (at most 20000)", n);
	if (!partial && strmap_count(m->groups) == 0)
		strmap_intern(m->groups, "", 0, NULL); /* as one run */
	ng = (int)strmap_count(m->groups);
	tal = xcalloc((size_t)ng * n + 1, sizeof(*tal));
	add_rows(m, tal, g->first, n);
	mrr_group_names(m->groups, &names, &order);
	if (partial)
		write_partial_tallies(tal, o, m->sig, g, n, m->as_of, m->unit,
		                      ng, names, order);
	else
		write_tallies(tal, o, m->unit, g->first, n, ng,
		              *m->s.by ? m->s.by : NULL, names, order);
	free_tallies(tal, (size_t)ng * n);
	for (i = 0; i < ng; i++)
		free(names[i]);
	free(names);
	free(order);
}
