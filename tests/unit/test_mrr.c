/*
 * test_mrr.c - subscription state, movements, period rows, output cells.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "churnout.h"
#include "date.h"
#include "mrr.h"
#include "mrr_keys.h"
#include "mrrtable.h"

static int
day(const char *s)
{
	int d = 0;

	date_parse_iso(s, strlen(s), &d);
	return d;
}

static int
month(const char *label)
{
	int p = 0;

	period_parse_label(label, PERIOD_MONTH, &p);
	return p;
}

static void
add(struct mrr_state *s, const char *acc, const char *ref, const char *date,
    double v)
{
	mrr_add(s, acc, strlen(acc), ref, strlen(ref), day(date), v);
}

static void
test_cents_and_classify(void)
{
	CHECK_INT(mrr_cents(12.345), 1235);
	CHECK_INT(mrr_cents(0.004), 0);
	CHECK_INT(mrr_cents(19.99), 1999);
	CHECK_INT(mrr_cents(1e9), 100000000000LL);
	CHECK(mrr_classify(0, 100, 0, 1) == MOVE_NEW);
	CHECK(mrr_classify(0, 100, 1, 1) == MOVE_REACTIVATION);
	CHECK(mrr_classify(100, 150, 1, 1) == MOVE_EXPANSION);
	CHECK(mrr_classify(100, 50, 1, 1) == MOVE_CONTRACTION);
	CHECK(mrr_classify(100, 0, 1, 0) == MOVE_CHURN);
	CHECK(mrr_classify(0, 0, 0, 1) == MOVE_JOINED_LEFT);
	CHECK(mrr_classify(0, 0, 1, 1) == MOVE_JOINED_LEFT);
	CHECK(mrr_classify(0, 0, 1, 0) == MOVE_NONE);
	CHECK(mrr_classify(100, 100, 1, 1) == MOVE_NONE);
}

/*
 * mrr_cents() rounds without llround() below 4e15 cents: the same
 * result as llround(value * 100) at halves, next to halves, for negative
 * values, at the bound and beyond it.
 */
static void
test_cents_rounding(void)
{
	static const double v[] = {0.005,
	                           0.015,
	                           0.025,
	                           -0.005,
	                           -0.015,
	                           -12.345,
	                           2.675,
	                           1.005,
	                           0.0049999999999999999,
	                           0.49999999999999994 / 100,
	                           -0.49999999999999994 / 100,
	                           1e10,
	                           4503599627370.4951,
	                           39999999999999.99,
	                           40000000000000.0,
	                           1e15,
	                           -1e15,
	                           123456789.125,
	                           -123456789.125,
	                           0.0};
	size_t i;
	long k, wrong = 0;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK_INT(mrr_cents(v[i]), (long long)llround(v[i] * 100.0));
	/* every half cent and its neighbours from -100 to 100 (one check
	   for the 120,003 values: the count of those that differ) */
	for (k = -20000; k <= 20000; k++) {
		double x = (double)k * 0.005;
		double up = nextafter(x, 1e9), down = nextafter(x, -1e9);

		wrong += mrr_cents(x) != (long long)llround(x * 100.0);
		wrong += mrr_cents(up) != (long long)llround(up * 100.0);
		wrong += mrr_cents(down) != (long long)llround(down * 100.0);
	}
	CHECK_INT(wrong, 0);
}

/*
 * Account a: s1 100 from 2024-01-10, upgraded to 150 on 02-05 and
 * downgraded to 120 on 02-20; s2 30 from 02-01, cancelled 03-15.  The
 * events come in reverse order.  Month ends: Jan 100, Feb 150, Mar 120.
 */
static void
test_out_of_order(void)
{
	struct mrr_state *s = mrr_new();
	int64_t end[4];
	unsigned char active[4];
	struct mrr_view v = {end, active, 0, 0, 0};
	size_t id;

	add(s, "a", "s2", "2024-03-15", 0);
	add(s, "a", "s1", "2024-02-20", 120);
	add(s, "a", "s2", "2024-02-01", 30);
	add(s, "b", "", "2024-03-02", 10);
	add(s, "a", "s1", "2024-02-05", 150);
	add(s, "a", "s1", "2024-01-10", 100);
	mrr_finish(s);
	id = (size_t)mrr_find_account(s, "a", 1);
	CHECK_INT(mrr_naccounts(s), 2);
	mrr_view(s, id, PERIOD_MONTH, month("2024-01"), 4, &v);
	CHECK_INT(v.before, 0);
	CHECK_INT(v.active_before, 0);
	CHECK_INT(end[0], 10000);
	CHECK_INT(end[1], 15000);
	CHECK_INT(end[2], 12000);
	CHECK_INT(end[3], 12000);
	CHECK(active[0] && active[1] && active[2] && active[3]);
	/* Lifetime: 100 + 150 + 120 + 120. */
	CHECK_INT(v.lifetime, 49000);
	/* From February: before is January's end. */
	mrr_view(s, id, PERIOD_MONTH, month("2024-02"), 2, &v);
	CHECK_INT(v.before, 10000);
	CHECK_INT(v.active_before, 1);
	/* Quarters: 2024-Q1 ends at 120. */
	mrr_view(s, id, PERIOD_QUARTER,
	         period_of(day("2024-01-01"), PERIOD_QUARTER), 1, &v);
	CHECK_INT(end[0], 12000);
	mrr_free(s);
}

/*
 * Join and leave within a month; a start and a cancellation on one day
 * (the smaller value counts: never above 0); same-day values settle on
 * the smaller whatever their order.
 */
static void
test_within_month(void)
{
	struct mrr_state *s = mrr_new();
	int64_t end[2];
	unsigned char active[2];
	struct mrr_view v = {end, active, 0, 0, 0};
	int first = month("2024-03");

	add(s, "j", "x", "2024-03-25", 0);
	add(s, "j", "x", "2024-03-03", 40);
	add(s, "z", "x", "2024-03-07", 0);
	add(s, "z", "x", "2024-03-07", 50);
	add(s, "t", "x", "2024-03-07", 50);
	add(s, "t", "x", "2024-03-07", 70);
	add(s, "t", "x", "2024-03-07", 60);
	mrr_finish(s);
	mrr_view(s, (size_t)mrr_find_account(s, "j", 1), PERIOD_MONTH, first, 2,
	         &v);
	CHECK_INT(end[0], 0);
	CHECK_INT(active[0], 1);
	CHECK_INT(active[1], 0);
	mrr_view(s, (size_t)mrr_find_account(s, "z", 1), PERIOD_MONTH, first, 2,
	         &v);
	CHECK_INT(end[0], 0);
	CHECK_INT(active[0], 0);
	mrr_view(s, (size_t)mrr_find_account(s, "t", 1), PERIOD_MONTH, first, 2,
	         &v);
	CHECK_INT(end[0], 5000);
	CHECK_INT(end[1], 5000);
	mrr_free(s);
}

/* Many keys: dense ids in order, found again after the table grew. */
static void
test_keys(void)
{
	struct mrr_keys *k = mrr_keys_new();
	char key[32];
	int i, n = 100000, ok = 1, added;

	for (i = 0; i < n; i++) {
		int len = snprintf(key, sizeof(key), "acc%d", i * 7);
		size_t id =
		    mrr_keys_intern(k, key, (size_t)len,
		                    mrr_keys_hash(key, (size_t)len), &added);

		if (id != (size_t)i || !added)
			ok = 0;
	}
	CHECK(ok);
	CHECK_INT(mrr_keys_count(k), n);
	for (i = 0; i < n; i++) {
		int len = snprintf(key, sizeof(key), "acc%d", i * 7);

		if (mrr_keys_find(k, key, (size_t)len) != i ||
		    strcmp(mrr_keys_key(k, (size_t)i), key) != 0 ||
		    mrr_keys_intern(k, key, (size_t)len,
		                    mrr_keys_hash(key, (size_t)len),
		                    &added) != (size_t)i ||
		    added)
			ok = 0;
	}
	CHECK(ok);
	CHECK_INT(mrr_keys_find(k, "acc1", 4), -1);
	CHECK_INT(mrr_keys_find(k, "", 0), -1);
	/* keys too long for a slot, around the limit */
	for (i = 0; i < 1000; i++) {
		int len = snprintf(key, sizeof(key), "%0*d", 16 + i % 8, i);
		size_t id =
		    mrr_keys_intern(k, key, (size_t)len,
		                    mrr_keys_hash(key, (size_t)len), &added);

		if (id != (size_t)n + (size_t)i || !added)
			ok = 0;
	}
	for (i = 0; i < 1000; i++) {
		int len = snprintf(key, sizeof(key), "%0*d", 16 + i % 8, i);

		if (mrr_keys_find(k, key, (size_t)len) != n + i ||
		    strcmp(mrr_keys_key(k, (size_t)n + (size_t)i), key) != 0)
			ok = 0;
	}
	CHECK(ok);
	n += 1000;
	/* any bytes, NUL included */
	CHECK_INT(mrr_keys_intern(k, "a\0b", 3, mrr_keys_hash("a\0b", 3), NULL),
	          n);
	CHECK_INT(mrr_keys_find(k, "a\0c", 3), -1);
	mrr_keys_free(k);
}

/*
 * Account ids follow the first appearance in mrr_add() and
 * mrr_account_id() calls, also across batches of changes.
 */
static void
test_account_order(void)
{
	struct mrr_state *s = mrr_new();
	char acc[32];
	int i, ok = 1;

	for (i = 0; i < 1000; i++) {
		snprintf(acc, sizeof(acc), "a%d", 999 - i);
		add(s, acc, "s", "2024-01-01", 10);
		if (i % 100 == 99) {
			snprintf(acc, sizeof(acc), "x%d", i);
			if (mrr_account_id(s, acc, strlen(acc)) !=
			    (size_t)i + 1 + (size_t)(i / 100))
				ok = 0;
		}
	}
	mrr_finish(s);
	CHECK(ok);
	CHECK_INT(mrr_naccounts(s), 1010);
	CHECK_STR(mrr_account_key(s, 0), "a999");
	CHECK_STR(mrr_account_key(s, 100), "x99");
	CHECK_INT(mrr_find_account(s, "a0", 2), 1008);
	CHECK_INT(mrr_find_account(s, "x999", 4), 1009);
	mrr_free(s);
}

/* A change for the reference model of test_against_reference(). */
struct change {
	int acc, sub, day;
	int64_t cents;
};

#define REF_ACC 300
#define REF_MONTHS 120 /* 2015-01 .. 2024-12 */

/*
 * The reference: account acc's MRR at the end of month m (months from
 * 2015-01), and whether a subscription of it ended a day with a change
 * within m above 0 (a day's smallest change is its final value).
 */
static void
reference(const struct change *c, int n, int acc, int m, int64_t *end,
          int *active)
{
	int sub, i, y = 2015 + m / 12, mo = m % 12;
	int lo, hi, next;
	char date[32];

	/*
	 * The changes are grouped by account (change i is of account
	 * i * REF_ACC / n): look at acc's only, from the first change that
	 * may be its to the last (rounded up: when n is not a multiple of
	 * REF_ACC, the last change of an account is past the floor).
	 */
	c += acc * n / REF_ACC;
	n = ((acc + 1) * n + REF_ACC - 1) / REF_ACC - acc * n / REF_ACC;

	snprintf(date, sizeof(date), "%04d-%02d-01", y, mo + 1);
	lo = day(date);
	snprintf(date, sizeof(date), "%04d-%02d-01", y + (mo == 11),
	         mo == 11 ? 1 : mo + 2);
	hi = day(date) - 1;
	*end = 0;
	*active = 0;
	for (sub = 0; sub < 2; sub++) {
		int last = INT_MIN;
		int64_t v = 0;

		for (i = 0; i < n; i++) {
			if (c[i].acc != acc || c[i].sub != sub || c[i].day > hi)
				continue;
			if (c[i].day > last ||
			    (c[i].day == last && c[i].cents < v)) {
				last = c[i].day;
				v = c[i].cents;
			}
		}
		*end += v;
		for (next = lo; next <= hi; next++) {
			int seen = 0;
			int64_t min = 0;

			for (i = 0; i < n; i++) {
				if (c[i].acc != acc || c[i].sub != sub ||
				    c[i].day != next)
					continue;
				if (!seen || c[i].cents < min)
					min = c[i].cents;
				seen = 1;
			}
			if (seen && min > 0)
				*active = 1;
		}
	}
	if (*end > 0)
		*active = 1;
}

/*
 * Random changes (many on one day, some years apart, so that
 * subscriptions are kept both ways), given in a shuffled order to one
 * state and in the reverse order to another: both agree with a plain
 * model of the rules.
 */
static void
test_against_reference(void)
{
	enum { N = 40000 }; /* over two chunks: the worker thread runs */
	static struct change c[N];
	static int perm[N];
	struct mrr_state *a = mrr_new(), *b = mrr_new();
	int i, m, acc, ok = 1, lo = day("2015-01-01");
	int64_t end_a[REF_MONTHS], end_b[REF_MONTHS], end;
	unsigned char act_a[REF_MONTHS], act_b[REF_MONTHS];
	struct mrr_view va = {end_a, act_a, 0, 0, 0};
	struct mrr_view vb = {end_b, act_b, 0, 0, 0};
	char name[16], ref[8];
	int active;

	srand(11);
	for (i = 0; i < N; i++) {
		c[i].acc = i * REF_ACC / N; /* grouped: see reference() */
		c[i].sub = rand() % 2;
		/* most changes in 2023-2024, some from 2015 on; days of a
		   few months only, so that days repeat */
		c[i].day = rand() % 8 ? day("2023-01-01") + rand() % 730
		                      : lo + rand() % 3650;
		c[i].cents = rand() % 4 ? (rand() % 50) * 100 : 0;
	}
	for (i = 0; i < N; i++) /* a shuffled order */
		perm[i] = i;
	for (i = N - 1; i > 0; i--) {
		int j = rand() % (i + 1), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < 2 * N; i++) {
		const struct change *x = &c[perm[i < N ? i : 2 * N - 1 - i]];
		struct mrr_state *s = i < N ? a : b;

		snprintf(name, sizeof(name), "c%d", x->acc);
		snprintf(ref, sizeof(ref), "r%d", x->sub);
		mrr_add(s, name, strlen(name), ref, strlen(ref), x->day,
		        (double)x->cents / 100);
	}
	mrr_finish(a);
	mrr_finish(b);
	for (acc = 0; acc < REF_ACC && ok; acc++) {
		snprintf(name, sizeof(name), "c%d", acc);
		if (mrr_find_account(a, name, strlen(name)) < 0)
			continue;
		mrr_view(a, (size_t)mrr_find_account(a, name, strlen(name)),
		         PERIOD_MONTH, month("2015-01"), REF_MONTHS, &va);
		mrr_view(b, (size_t)mrr_find_account(b, name, strlen(name)),
		         PERIOD_MONTH, month("2015-01"), REF_MONTHS, &vb);
		if (memcmp(end_a, end_b, sizeof(end_a)) != 0 ||
		    memcmp(act_a, act_b, sizeof(act_a)) != 0 ||
		    va.lifetime != vb.lifetime)
			ok = 0;
		for (m = 0; m < REF_MONTHS && ok; m++) {
			reference(c, N, acc, m, &end, &active);
			if (end != end_a[m] || active != act_a[m]) {
				printf("# c%d month %d: end %lld/%lld active "
				       "%d/%d\n",
				       acc, m, (long long)end_a[m],
				       (long long)end, act_a[m], active);
				ok = 0;
			}
		}
	}
	CHECK(ok);
	CHECK_INT(mrr_naccounts(a), mrr_naccounts(b));
	mrr_free(a);
	mrr_free(b);
}

/*
 * Many changes in date order, as in a big export: the reading thread
 * gets ahead of the worker and makes blocks of quads for it while it
 * waits (spare_make() in mrr.c), with more quads than one block holds.
 * Every month end of every subscription is its value that month.
 */
static void
test_many_changes(void)
{
	enum { NACC = 5000, NMONTHS = 120 }; /* 600000 changes */
	struct mrr_state *s = mrr_new();
	static int64_t end[NMONTHS];
	static unsigned char active[NMONTHS];
	static char name[NACC][16];
	static int when[NMONTHS][28];
	struct mrr_view v = {end, active, 0, 0, 0};
	int a, m, bad = 0;
	char date[48];

	/* names and days first: adding is then fast enough to wait */
	for (a = 0; a < NACC; a++)
		snprintf(name[a], sizeof(name[a]), "c%d", a);
	for (m = 0; m < NMONTHS; m++)
		for (a = 0; a < 28; a++) {
			snprintf(date, sizeof(date), "%04d-%02d-%02d",
			         2015 + m / 12, m % 12 + 1, a + 1);
			when[m][a] = day(date);
		}
	for (m = 0; m < NMONTHS; m++)
		for (a = 0; a < NACC; a++)
			mrr_add(s, name[a], strlen(name[a]), "s", 1,
			        when[m][a % 28], (a % 97 + m + 1) * 1.25);
	mrr_finish(s);
	CHECK_INT(mrr_naccounts(s), NACC);
	for (a = 0; a < NACC; a++) {
		long id = mrr_find_account(s, name[a], strlen(name[a]));

		if (id < 0) {
			bad++;
			continue;
		}
		mrr_view(s, (size_t)id, PERIOD_MONTH,
		         period_of(when[0][0], PERIOD_MONTH), NMONTHS, &v);
		for (m = 0; m < NMONTHS; m++)
			if (end[m] != (int64_t)(a % 97 + m + 1) * 125 ||
			    !active[m])
				bad++;
	}
	CHECK_INT(bad, 0);
	mrr_free(s);
}

/*
 * Values from 2^32 cents up are kept beside the cells: the smaller of two
 * on one day, a big value replaced by a small one and back.
 */
static void
test_big_values(void)
{
	struct mrr_state *s = mrr_new();
	int64_t end[3];
	unsigned char active[3];
	struct mrr_view v = {end, active, 0, 0, 0};

	add(s, "a", "x", "2024-01-05", 9e9);
	add(s, "a", "x", "2024-01-05", 5e7);
	add(s, "a", "x", "2024-02-03", 3e8);
	add(s, "a", "x", "2024-02-10", 10);
	add(s, "a", "x", "2024-03-10", 10);
	add(s, "a", "x", "2024-03-20", 1e10);
	add(s, "a", "y", "2024-03-20", 42949672.95); /* UINT32_MAX cents */
	mrr_finish(s);
	mrr_view(s, 0, PERIOD_MONTH, month("2024-01"), 3, &v);
	CHECK_INT(end[0], 5000000000LL);
	CHECK_INT(end[1], 1000);
	CHECK_INT(end[2], 1000000000000LL + 4294967295LL);
	CHECK_INT(v.lifetime, 5000000000LL + 1000 + 1004294967295LL);
	mrr_free(s);
}

/* Random rows always balance. */
static void
test_rows_balance(void)
{
	struct mrr_row r;
	int i, ok = 1;

	srand(7);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 100000; i++) {
		int64_t a = rand() % 3 ? rand() % 1000 : 0;
		int64_t b = rand() % 3 ? rand() % 1000 : 0;

		mrr_row_add(&r, a, b, rand() % 2, rand() % 2 || b > 0);
		if (!mrr_row_balanced(&r))
			ok = 0;
	}
	CHECK(ok);
	r.mrr_end++;
	CHECK(!mrr_row_balanced(&r));
}

/* Summaries: status and tenure. */
static void
test_summary(void)
{
	int64_t end[5] = {100, 0, 0, 50, 50};
	unsigned char active[5] = {1, 0, 0, 1, 1};
	struct mrr_view v = {end, active, 0, 0, 12345};
	struct mrr_summary sum;

	mrr_summarize(&v, 5, &sum);
	CHECK_STR(sum.status, "reactivated");
	CHECK_INT(sum.first, 0);
	CHECK_INT(sum.last, 4);
	CHECK_INT(sum.tenure, 3);
	CHECK_INT(sum.mrr, 50);
	end[4] = 0;
	active[4] = 0;
	mrr_summarize(&v, 5, &sum);
	CHECK_STR(sum.status, "churned");
	CHECK_INT(sum.last, 3);
	memset(end, 0, sizeof(end));
	memset(active, 0, sizeof(active));
	mrr_summarize(&v, 5, &sum);
	CHECK_STR(sum.status, "never");
	CHECK_INT(sum.first, -1);
	end[2] = end[3] = end[4] = 7;
	active[2] = active[3] = active[4] = 1;
	mrr_summarize(&v, 5, &sum);
	CHECK_STR(sum.status, "active");
}

/* Output cells: rates, money, missing values, in TSV and in text. */
static void
test_output(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct churn_out *o = churn_out_new(f, 0);

	churn_out_column(o, "m", COL_NUMBER);
	churn_out_column(o, "r", COL_NUMBER);
	churn_out_column(o, "q", COL_NUMBER);
	churn_out_money(o, -5);
	churn_out_rate(o, 1, 3);
	churn_out_rate(o, 1, 0);
	churn_out_end_row(o);
	churn_out_finish(o);
	fclose(f);
	CHECK_STR(buf, "m\tr\tq\n-0.05\t0.3333\t\n");
	free(buf);

	f = open_memstream(&buf, &len);
	o = churn_out_new(f, 1);
	churn_out_column(o, "name", COL_TEXT);
	churn_out_column(o, "rate", COL_NUMBER);
	churn_out_str(o, "a\\tb");
	churn_out_rate(o, 1, 8);
	churn_out_end_row(o);
	churn_out_str(o, "long name");
	churn_out_rate(o, 1, 0);
	churn_out_end_row(o);
	churn_out_finish(o);
	fclose(f);
	CHECK_STR(buf, "name         rate\n"
	               "a\tb        12.50%\n"
	               "long name       -\n");
	free(buf);
}

int
main(void)
{
	test_cents_and_classify();
	test_cents_rounding();
	test_out_of_order();
	test_within_month();
	test_keys();
	test_account_order();
	test_against_reference();
	test_many_changes();
	test_big_values();
	test_rows_balance();
	test_summary();
	test_output();
	return check_exit();
}
