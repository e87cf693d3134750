/*
 * clv_summary.c - per-customer purchase summaries (see clv_summary.h).
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "churnpart.h"
#include "clv_summary.h"
#include "error.h"
#include "num.h"
#include "stats.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

static const char *const unit_names[] = {"day", "week", "month"};
static const double unit_days[] = {1, 7, 365.25 / 12};

int
clv_unit_parse(const char *name, enum clv_unit *unit)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(name, unit_names[i]) == 0) {
			*unit = (enum clv_unit)i;
			return 0;
		}
	return -1;
}

const char *
clv_unit_name(enum clv_unit unit)
{
	return unit_names[unit];
}

double
clv_unit_days(enum clv_unit unit)
{
	return unit_days[unit];
}

/* One order: account id, day, value (NaN when missing). */
struct order {
	uint32_t id;
	int day;
	double value;
};

struct clv_builder {
	struct strmap *accounts;
	struct order *o;
	size_t n, cap;
};

struct clv_builder *
clv_builder_new(void)
{
	struct clv_builder *b = xcalloc(1, sizeof(*b));

	b->accounts = strmap_new();
	return b;
}

void
clv_builder_add(struct clv_builder *b, const struct event *ev)
{
	size_t id;

	if (ev->type != EV_ORDER)
		return;
	id = strmap_intern(b->accounts, ev->account, ev->account_len, NULL);
	if (id >= UINT32_MAX)
		die(EXIT_DATA, "too many accounts");
	grow_array((void **)&b->o, &b->cap, b->n + 1, sizeof(*b->o));
	b->o[b->n].id = (uint32_t)id;
	b->o[b->n].day = ev->day;
	b->o[b->n].value = ev->has_value ? ev->value : NAN;
	b->n++;
}

struct clv_summary *
clv_summary_new(void)
{
	struct clv_summary *s = xcalloc(1, sizeof(*s));

	s->names = strmap_new();
	return s;
}

static struct clv_customer *
append_customer(struct clv_summary *s, const char *key, size_t len)
{
	int added;

	strmap_intern(s->names, key, len, &added);
	if (!added)
		return NULL;
	grow_array((void **)&s->c, &s->cap, s->n + 1, sizeof(*s->c));
	return &s->c[s->n++];
}

static int
cmp_order_day(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;

	return (a->day > b->day) - (a->day < b->day);
}

/* Sort one account's orders by day (insertion sort when few). */
static void
sort_days(struct order *o, size_t n)
{
	size_t i, j;
	struct order t;

	if (n > 32) {
		qsort(o, n, sizeof(*o), cmp_order_day);
		return;
	}
	for (i = 1; i < n; i++) {
		t = o[i];
		for (j = i; j > 0 && o[j - 1].day > t.day; j--)
			o[j] = o[j - 1];
		o[j] = t;
	}
}

/*
 * Round to 6 decimals, the precision of summaries: the value then prints
 * and reads back exactly and cheaply, so a fit on written summaries equals
 * a fit on the events.
 */
static double
round6(double v)
{
	return nearbyint(v * 1e6) / 1e6;
}

/* Summarise one account's orders, sorted by day. */
static int
summarise(const struct order *o, size_t n, int as_of, double unit,
          struct clv_customer *c, int *first_day, int *last_day)
{
	size_t i = 0, valued = 0;
	double sum = 0, day_sum;
	int first, last, day, day_valued;

	if (n == 0 || o[0].day > as_of)
		return 0;
	first = last = o[0].day;
	while (i < n && o[i].day == first)
		i++;
	c->x = 0;
	while (i < n && o[i].day <= as_of) {
		day = o[i].day;
		day_sum = 0;
		day_valued = 0;
		for (; i < n && o[i].day == day; i++)
			if (!isnan(o[i].value)) {
				day_sum += o[i].value;
				day_valued = 1;
			}
		c->x++;
		last = day;
		if (day_valued) {
			sum += day_sum;
			valued++;
		}
	}
	c->t_x = round6((last - first) / unit);
	c->T = round6((as_of - first) / unit);
	c->monetary = valued ? round6(sum / valued) : NAN;
	*first_day = first;
	*last_day = last;
	return 1;
}

/* Remember the first and last order days of the newest customer. */
static void
keep_days(struct clv_summary *s, int first, int last)
{
	size_t i = s->n - 1;

	grow_array((void **)&s->first_day, &s->daycap, s->n,
	           sizeof(s->first_day[0]));
	s->last_day =
	    xreallocarray(s->last_day, s->daycap, sizeof(s->last_day[0]));
	s->first_day[i] = first;
	s->last_day[i] = last;
}

struct clv_summary *
clv_builder_finish(struct clv_builder *b, int as_of, enum clv_unit unit)
{
	size_t na = strmap_count(b->accounts), i, *start;
	struct order *sorted;
	struct clv_summary *s = clv_summary_new();
	struct clv_customer c, *slot;
	int first, last;

	/* Counting sort of the orders by account id. */
	start = xcalloc(na + 1, sizeof(*start));
	for (i = 0; i < b->n; i++)
		start[b->o[i].id + 1]++;
	for (i = 0; i < na; i++)
		start[i + 1] += start[i];
	sorted = xmalloc((b->n ? b->n : 1) * sizeof(*sorted));
	for (i = 0; i < b->n; i++)
		sorted[start[b->o[i].id]++] = b->o[i];
	/* start[i] is now the end of account i's orders. */
	for (i = 0; i < na; i++) {
		size_t lo = i ? start[i - 1] : 0, n = start[i] - lo;

		sort_days(sorted + lo, n);
		if (!summarise(sorted + lo, n, as_of, unit_days[unit], &c,
		               &first, &last))
			continue;
		slot = append_customer(s, strmap_key(b->accounts, i),
		                       strmap_key_len(b->accounts, i));
		*slot = c;
		keep_days(s, first, last);
	}
	free(sorted);
	free(start);
	free(b->o);
	strmap_free(b->accounts);
	free(b);
	return s;
}

/*
 * tsv_put_num() without printf/strtod round trips (see the header): for
 * k = 0,
 * 1, ... decimals, m = round(v * 10^k) is tried (and its neighbours, as
 * the product is rounded); m / 10^k is one correctly rounded division
 * while m < 2^53 and 10^k <= 10^22, so comparing it with v is the same
 * test as strtod().  Other values go to tsv_put_num().
 */
void
clv_put_exact(FILE *f, double v)
{
	static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
	                             1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17};
	char buf[40], *e = buf + sizeof(buf);
	double m, cand;
	int k, j, found = 0;
	unsigned long long u;

	if (!(v >= 0) || v >= 1e15) {
		tsv_put_num(f, v);
		return;
	}
	for (k = 0; k < 18 && !found; k++) {
		m = nearbyint(v * p10[k]);
		if (m >= 9007199254740992.0)
			break;
		for (j = 0; j < 3; j++) {
			cand = m + (j == 0 ? 0 : j == 1 ? -1 : 1);
			if (cand >= 0 && cand / p10[k] == v) {
				found = 1;
				break;
			}
		}
	}
	if (!found) {
		tsv_put_num(f, v);
		return;
	}
	k--;
	u = (unsigned long long)cand;
	*--e = '\0';
	for (j = 0; j < k; j++) {
		*--e = (char)('0' + u % 10);
		u /= 10;
	}
	if (k > 0)
		*--e = '.';
	do {
		*--e = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	fputs(e, f);
}

int
clv_logs_within(const double *v, int n, double limit)
{
	int i;

	for (i = 0; i < n; i++)
		if (!(fabs(v[i]) < limit))
			return 0;
	return 1;
}

static int
need_column(struct tsv_reader *r, const char *name)
{
	int c = tsv_column(r, name);

	if (c < 0)
		die(EXIT_DATA,
		    "%s: no column '%s' (a summary needs account, "
		    "x, t_x and T)",
		    tsv_name(r), name);
	return c;
}

static double
field_number(struct tsv_reader *r, int col, const char *name)
{
	const char *v = tsv_field(r, col);
	double d;

	if (num_parse(v, tsv_field_len(r, col), &d) != 0 || !isfinite(d) ||
	    d < 0)
		die(EXIT_DATA, "%s:%ld: column '%s': invalid number '%s'",
		    tsv_name(r), tsv_lineno(r), name, v);
	return d;
}

/*
 * The reader being read, kept where LeakSanitizer finds it when a bad row
 * ends the program (die() exits without returning here).
 */
static struct tsv_reader *volatile current_reader;

void
clv_summary_read(struct clv_summary *s, const char *path)
{
	struct tsv_reader *r = tsv_open(path);
	int ca, cx, ctx, cT, cm, st;
	struct clv_customer c, *slot;
	double x;

	current_reader = r;

	if (tsv_ncols(r) == 0) {
		tsv_close(r);
		current_reader = NULL;
		return;
	}
	ca = need_column(r, "account");
	cx = need_column(r, "x");
	ctx = need_column(r, "t_x");
	cT = need_column(r, "T");
	cm = tsv_column(r, "monetary_value");
	while ((st = tsv_next(r)) != 0) {
		if (st < 0)
			die(EXIT_DATA, "%s:%ld: %s", tsv_name(r), tsv_lineno(r),
			    tsv_error(r));
		x = field_number(r, cx, "x");
		if (x != floor(x) || x > 1e9)
			die(EXIT_DATA, "%s:%ld: column 'x': invalid count '%s'",
			    tsv_name(r), tsv_lineno(r), tsv_field(r, cx));
		c.x = (long)x;
		c.t_x = round6(field_number(r, ctx, "t_x"));
		c.T = round6(field_number(r, cT, "T"));
		if (c.t_x > c.T || (c.x == 0 && c.t_x != 0))
			die(EXIT_DATA,
			    "%s:%ld: column 't_x': '%s' is impossible with x "
			    "%ld and T %s",
			    tsv_name(r), tsv_lineno(r), tsv_field(r, ctx), c.x,
			    tsv_field(r, cT));
		c.monetary = NAN;
		if (cm >= 0 && tsv_field_len(r, cm) > 0)
			c.monetary =
			    round6(field_number(r, cm, "monetary_value"));
		if (tsv_field_len(r, ca) == 0)
			die(EXIT_DATA, "%s:%ld: column 'account': empty",
			    tsv_name(r), tsv_lineno(r));
		slot =
		    append_customer(s, tsv_field(r, ca), tsv_field_len(r, ca));
		if (!slot)
			die(EXIT_DATA,
			    "%s:%ld: column 'account': '%s' appears twice",
			    tsv_name(r), tsv_lineno(r), tsv_field(r, ca));
		*slot = c;
	}
	tsv_close(r);
	current_reader = NULL;
}

void
clv_summary_put_row(FILE *f, const struct clv_summary *s, size_t i)
{
	const struct clv_customer *c = &s->c[i];

	fwrite(strmap_key(s->names, i), 1, strmap_key_len(s->names, i), f);
	putc('\t', f);
	tsv_put_long(f, c->x);
	putc('\t', f);
	clv_put_exact(f, c->t_x);
	putc('\t', f);
	clv_put_exact(f, c->T);
	putc('\t', f);
	if (!isnan(c->monetary))
		clv_put_exact(f, c->monetary);
}

void
clv_summary_write(FILE *f, const struct clv_summary *s)
{
	size_t i;

	fputs("account\tx\tt_x\tT\tmonetary_value\n", f);
	for (i = 0; i < s->n; i++) {
		clv_summary_put_row(f, s, i);
		putc('\n', f);
	}
}

void
clv_summary_free(struct clv_summary *s)
{
	if (!s)
		return;
	free(s->c);
	free(s->first_day);
	free(s->last_day);
	strmap_free(s->names);
	free(s);
}

static int
cmp_group(const void *pa, const void *pb)
{
	const struct clv_group *a = pa, *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	return 0;
}

/* Sort and deduplicate v (n values); returns the new count. */
static size_t
unique_sorted(double *v, size_t n)
{
	size_t i, k = 0;

	stats_sort(v, n);
	for (i = 0; i < n; i++)
		if (k == 0 || v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

/* Index of value in the sorted array v of n values (it is there). */
static size_t
find_value(const double *v, size_t n, double value)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] <= value)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static uint64_t
hash_customer(const struct clv_customer *c)
{
	uint64_t a, b, h;

	memcpy(&a, &c->t_x, sizeof(a));
	memcpy(&b, &c->T, sizeof(b));
	h = (uint64_t)c->x * 0x9e3779b97f4a7c15ULL;
	h ^= a + 0xbf58476d1ce4e5b9ULL + (h << 6) + (h >> 2);
	h ^= b + 0x94d049bb133111ebULL + (h << 6) + (h >> 2);
	h ^= h >> 31;
	h *= 0xd6e8feb86659fd93ULL;
	return h ^ (h >> 32);
}

/*
 * Give each customer a group, first seen first, through an open-addressing
 * hash table on (x, t_x, T); the groups array gets one entry per group.
 */
static void
assign_groups(const struct clv_summary *s, struct clv_groups *g)
{
	size_t size = 16, mask, i, j, *table;
	const struct clv_customer *c;
	struct clv_group *gr;

	while (size < 2 * s->n)
		size *= 2;
	mask = size - 1;
	table = xcalloc(size, sizeof(*table));
	for (i = 0; i < s->n; i++) {
		c = &s->c[i];
		for (j = hash_customer(c) & mask;; j = (j + 1) & mask) {
			if (table[j] == 0) {
				gr = &g->g[g->n++];
				gr->x = c->x;
				gr->t_x = c->t_x;
				gr->T = c->T;
				gr->weight = 0;
				table[j] = g->n;
				break;
			}
			gr = &g->g[table[j] - 1];
			if (gr->x == c->x && gr->t_x == c->t_x && gr->T == c->T)
				break;
		}
		gr->weight++;
		g->group_of[i] = table[j] - 1;
		if (c->x > g->max_x)
			g->max_x = c->x;
		if (c->x > 0)
			g->repeat_buyers++;
	}
	free(table);
}

/* Sort the groups by (x, t_x, T) and renumber the customers' groups. */
static void
sort_groups(const struct clv_summary *s, struct clv_groups *g)
{
	size_t *rank = xmalloc((g->n ? g->n : 1) * sizeof(*rank)), i;

	/* Remember each group's first-seen number in i_tx meanwhile. */
	for (i = 0; i < g->n; i++)
		g->g[i].i_tx = i;
	qsort(g->g, g->n, sizeof(*g->g), cmp_group);
	for (i = 0; i < g->n; i++)
		rank[g->g[i].i_tx] = i;
	for (i = 0; i < s->n; i++)
		g->group_of[i] = rank[g->group_of[i]];
	free(rank);
}

struct clv_groups *
clv_groups_build(const struct clv_summary *s)
{
	struct clv_groups *g = xcalloc(1, sizeof(*g));
	size_t n = s->n ? s->n : 1, i;

	g->g = xmalloc(n * sizeof(*g->g));
	g->group_of = xmalloc(n * sizeof(*g->group_of));
	assign_groups(s, g);
	sort_groups(s, g);
	g->tx_values = xmalloc((g->n ? g->n : 1) * sizeof(double));
	g->T_values = xmalloc((g->n ? g->n : 1) * sizeof(double));
	for (i = 0; i < g->n; i++) {
		g->tx_values[i] = g->g[i].t_x;
		g->T_values[i] = g->g[i].T;
	}
	g->n_tx = unique_sorted(g->tx_values, g->n);
	g->n_T = unique_sorted(g->T_values, g->n);
	for (i = 0; i < g->n; i++) {
		g->g[i].i_tx = find_value(g->tx_values, g->n_tx, g->g[i].t_x);
		g->g[i].i_T = find_value(g->T_values, g->n_T, g->g[i].T);
	}
	return g;
}

void
clv_groups_free(struct clv_groups *g)
{
	if (!g)
		return;
	free(g->g);
	free(g->group_of);
	free(g->tx_values);
	free(g->T_values);
	free(g);
}

#define NCOLS 6
static const char *const part_cols[NCOLS] = {
    "account", "x", "first_order", "last_order", "monetary_value", "as_of"};

void
clv_partial_write(FILE *f, const struct clv_summary *s, const char *sig,
                  int as_of)
{
	long records = 0;
	size_t i;
	int c;

	fputs("partial\trecord", f);
	for (c = 0; c < NCOLS; c++)
		fprintf(f, "\t%s", part_cols[c]);
	putc('\n', f);
	if (as_of != INT_MIN) {
		fprintf(f, "%s\tas_of\t\t\t\t\t\t", sig);
		tsv_put_date(f, as_of);
		putc('\n', f);
		records++;
	}
	for (i = 0; i < s->n; i++, records++) {
		fprintf(f, "%s\trow\t", sig);
		fwrite(strmap_key(s->names, i), 1, strmap_key_len(s->names, i),
		       f);
		putc('\t', f);
		tsv_put_long(f, s->c[i].x);
		putc('\t', f);
		tsv_put_date(f, s->first_day[i]);
		putc('\t', f);
		tsv_put_date(f, s->last_day[i]);
		putc('\t', f);
		if (!isnan(s->c[i].monetary))
			clv_put_exact(f, s->c[i].monetary);
		fputs("\t\n", f);
	}
	fprintf(f, "%s\tend\t%ld\t\t\t\t\t\n", sig, records);
}

struct clv_merge {
	struct clv_summary *s;
	char *sig;
	int as_of; /* latest as_of record, INT_MIN: none */
};

/* Kept where LeakSanitizer finds it when a bad part ends the program. */
static struct clv_merge *volatile current_merge;

struct clv_merge *
clv_merge_new(void)
{
	struct clv_merge *m = xcalloc(1, sizeof(*m));

	m->s = clv_summary_new();
	m->as_of = INT_MIN;
	current_merge = m;
	return m;
}

/* One row record: a customer with first and last order days. */
static void
read_partial_row(struct clv_merge *m, struct cp_reader *r, int as_of)
{
	struct clv_customer *slot;
	const char *key = cp_text(r, 0);
	long x = (long)cp_count(r, 1, 0, 1000000000);
	int first = cp_date(r, 2), last = cp_date(r, 3);
	double money = NAN;

	if (as_of == INT_MIN)
		cp_fail(r, -1, "a row before the as_of record");
	if (last < first || last > as_of || (x == 0) != (last == first))
		cp_fail(r, 3,
		        "'%s' is impossible with x %ld, first_order %s "
		        "and the part's as-of date",
		        cp_text(r, 3), x, cp_text(r, 2));
	if (*cp_text(r, 4)) {
		const char *v = cp_text(r, 4);

		if (num_parse(v, strlen(v), &money) != 0 || !isfinite(money) ||
		    money < 0)
			cp_fail(r, 4, "invalid number '%s'", v);
	}
	if (*key == '\0')
		cp_fail(r, 0, "empty");
	slot = append_customer(m->s, key, strlen(key));
	if (!slot)
		cp_fail(r, 0, "'%s' appears twice (in two parts?)", key);
	slot->x = x;
	slot->monetary = round6(money);
	keep_days(m->s, first, last);
}

void
clv_merge_read(struct clv_merge *m, const char *path)
{
	struct cp_reader *r =
	    cp_open(path, "summary", part_cols, NCOLS, &m->sig);
	const char *rec;
	int as_of = INT_MIN, rows = 0;

	while ((rec = cp_next(r)) != NULL) {
		if (strcmp(rec, "as_of") == 0) {
			if (rows || as_of != INT_MIN)
				cp_fail(r, -1,
				        "'as_of' record repeated or "
				        "after the rows");
			as_of = cp_date(r, 5);
		} else if (strcmp(rec, "row") == 0) {
			read_partial_row(m, r, as_of);
			rows = 1;
		} else {
			cp_fail(r, -1, "unknown record '%s'", rec);
		}
	}
	cp_close(r);
	if (as_of > m->as_of)
		m->as_of = as_of;
}

const char *
clv_merge_signature(const struct clv_merge *m)
{
	return m->sig;
}

int
clv_merge_as_of(const struct clv_merge *m)
{
	return m->as_of;
}

struct clv_summary *
clv_merge_finish(struct clv_merge *m, int as_of, enum clv_unit unit)
{
	struct clv_summary *s = m->s;
	size_t i;

	for (i = 0; i < s->n; i++) {
		s->c[i].t_x = round6((s->last_day[i] - s->first_day[i]) /
		                     unit_days[unit]);
		s->c[i].T = round6((as_of - s->first_day[i]) / unit_days[unit]);
	}
	free(m->sig);
	free(m);
	current_merge = NULL;
	return s;
}
