/*
 * renewal.c - contract renewals: due, renewed, open, days early or late.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mrr.h"
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
	struct dvec days;
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

void
renewal_write(const struct renewal_state *r, struct churn_out *o,
              enum period_unit unit, int first, int n, int as_of, int ngroups,
              const int *group_of, const char *group_col,
              char *const *group_names, const int *order)
{
	struct tally *tal = xcalloc((size_t)ngroups * n + 1, sizeof(*tal));
	char label[PERIOD_BUFSIZE];
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
		}
	}
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
	for (i = 0; i < (size_t)ngroups * n; i++)
		dvec_free(&tal[i].days);
	free(tal);
}
