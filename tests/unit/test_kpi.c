/*
 * test_kpi.c - KPI accumulators, the period window, formatting, targets.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "date.h"
#include "kpi.h"
#include "kpi_partial.h"
#include "pairs.h"
#include "render.h"
#include "targets.h"

static int
day(const char *s)
{
	int d = 0;

	date_parse_iso(s, strlen(s), &d);
	return d;
}

static void
add(struct kpi_state *s, const char *acct, const char *date,
    enum event_type type, double value, const char *ref, const char *kind)
{
	struct event ev = {0};

	ev.account = acct;
	ev.account_len = strlen(acct);
	ev.day = day(date);
	ev.type = type;
	ev.has_value = !isnan(value);
	ev.value = isnan(value) ? 0 : value;
	ev.ref = ref;
	ev.ref_len = strlen(ref);
	ev.kind = kind;
	ev.kind_len = strlen(kind);
	kpi_add_event(s, &ev);
}

static struct kpi_state *
new_state(enum period_unit unit, const char *as_of, int nperiods)
{
	struct kpi_options o = {0};

	o.unit = unit;
	o.as_of = as_of ? day(as_of) : INT_MIN;
	o.nperiods = nperiods;
	o.untouched_days = 90;
	o.band_cut_high = 75;
	o.band_cut_low = 50;
	o.band_order = "green,amber,red";
	return kpi_new(&o, NULL);
}

static double
val(const struct report *r, int p, const char *kpi)
{
	int k = kpi_find(r, kpi);

	return k < 0 ? -999 : kpi_value(r, 0, p, k);
}

static void
test_subscriptions(void)
{
	struct kpi_state *s = new_state(PERIOD_MONTH, NULL, 2);
	struct report *r;

	add(s, "a", "2024-01-31", EV_MRR, 10, "s1", "");
	add(s, "a", "2024-02-01", EV_MRR, 5, "s2", "");
	add(s, "a", "2024-02-10", EV_MRR, 7, "s1", "");
	add(s, "a", "2024-02-10", EV_MRR, 8, "s1",
	    ""); /* same day: last wins */
	add(s, "b", "2024-01-15", EV_MRR, 4, "", "");
	add(s, "b", "2024-02-29", EV_MRR, 0, "", "");
	r = kpi_finish(s, day("2024-02-29"));
	CHECK_STR(r->period_labels[0], "2024-01");
	CHECK_STR(r->period_labels[1], "2024-02");
	CHECK_NEAR(val(r, 0, "mrr"), 14, 1e-9);
	CHECK_NEAR(val(r, 1, "mrr"), 13, 1e-9);
	CHECK_NEAR(val(r, 1, "churned_accounts"), 1, 1e-9);
	CHECK_NEAR(val(r, 1, "logo_churn_rate"), 0.5, 1e-9);
	CHECK_NEAR(val(r, 1, "expansion_mrr"), 3, 1e-9);
	CHECK_NEAR(val(r, 1, "nrr"), 13.0 / 14, 1e-9);
	CHECK_NEAR(val(r, 1, "grr"), 10.0 / 14, 1e-9);
	CHECK_NEAR(val(r, 0, "new_accounts"), 2, 1e-9);
	CHECK(isnan(val(r, 0, "nrr")));     /* nothing at the start */
	CHECK(isnan(val(r, 1, "touches"))); /* no touch events at all */
	CHECK(isnan(val(r, 1, "win_rate")));
	CHECK(isnan(val(r, 1, "health_mean")));
	report_free(r);
}

static void
test_as_of_window(void)
{
	struct kpi_state *s = new_state(PERIOD_QUARTER, "2024-06-30", 1);
	struct report *r;

	add(s, "a", "2024-07-01", EV_TOUCH, NAN, "", "qbr"); /* after as-of */
	add(s, "a", "2024-06-30", EV_TOUCH, NAN, "", "qbr");
	add(s, "a", "2024-04-01", EV_TOUCH, NAN, "", "call");
	add(s, "a", "2024-03-31", EV_TOUCH, NAN, "", "qbr"); /* Q1 */
	add(s, "a", "2024-05-01", EV_NPS, 9, "", "");
	add(s, "b", "2024-05-02", EV_NPS, 6, "", "");
	add(s, "c", "2024-05-03", EV_NPS, 8, "", "");
	add(s, "c", "2024-05-03", EV_NPS, 10, "", "");
	r = kpi_finish(s, day("2024-07-01"));
	CHECK_STR(r->period_labels[0], "2024-Q2");
	CHECK_NEAR(val(r, 0, "touches"), 2, 1e-9);
	CHECK_NEAR(val(r, 0, "qbrs"), 1, 1e-9);
	CHECK_NEAR(kpi_prev(r, 0, 0, kpi_find(r, "touches")), 1, 1e-9);
	CHECK_NEAR(val(r, 0, "nps"), 25, 1e-9); /* (2 - 1) / 4 */
	CHECK_NEAR(val(r, 0, "nps_responses"), 4, 1e-9);
	CHECK_NEAR(val(r, 0, "accounts"), 3, 1e-9);
	CHECK_NEAR(val(r, 0, "untouched_accounts"), 2, 1e-9);
	report_free(r);
}

static void
test_pairs(void)
{
	struct kpi_state *s = new_state(PERIOD_MONTH, "2024-03-31", 1);
	struct report *r;

	/* closes read before their opens */
	add(s, "a", "2024-03-11", EV_TICKET_CLOSED, NAN, "t1", "");
	add(s, "a", "2024-03-01", EV_TICKET, 2, "t1", "");
	add(s, "a", "2024-03-05", EV_TICKET, 2, "t2", "");
	add(s, "a", "2024-03-09", EV_TICKET_CLOSED, NAN, "t2", "");
	add(s, "a", "2024-03-20", EV_TICKET, 1, "t3", "");
	add(s, "a", "2024-03-21", EV_TICKET_CLOSED, NAN, "t9",
	    ""); /* unpaired */
	add(s, "a", "2024-03-10", EV_PAYMENT, 60, "i1", "");
	add(s, "a", "2024-03-15", EV_PAYMENT, 40, "i1", "");
	add(s, "a", "2024-03-12", EV_INVOICE, 100, "i1", "");
	add(s, "a", "2024-03-02", EV_INVOICE, 50, "i2", "");
	add(s, "a", "2024-03-01", EV_PAYMENT, 50, "i2", "");
	r = kpi_finish(s, INT_MIN);
	CHECK_NEAR(val(r, 0, "tickets_opened"), 3, 1e-9);
	CHECK_NEAR(val(r, 0, "tickets_open"), 1, 1e-9);
	CHECK_NEAR(val(r, 0, "ticket_median_days"), 7, 1e-9); /* 10, 4 */
	CHECK_NEAR(val(r, 0, "on_time_payment_rate"), 0.5, 1e-9);
	CHECK_NEAR(val(r, 0, "mean_days_late"), 1.5, 1e-9); /* 3, 0 */
	CHECK_NEAR(val(r, 0, "overdue_amount"), 0, 1e-9);
	report_free(r);
}

static void
test_formats(void)
{
	struct kpi_col money = {"m", "f", "M", UNIT_MONEY, 1};
	struct kpi_col rate = {"r", "f", "R", UNIT_RATE, -1};
	struct kpi_col count = {"c", "f", "C", UNIT_COUNT, 0};
	char buf[64];
	int dir;

	render_human(buf, sizeof(buf), &money, 1234567.891);
	CHECK_STR(buf, "1,234,567.89");
	render_human(buf, sizeof(buf), &money, 999.5);
	CHECK_STR(buf, "999.50");
	render_human(buf, sizeof(buf), &count, -1234);
	CHECK_STR(buf, "-1,234");
	render_human(buf, sizeof(buf), &rate, 0.04236);
	CHECK_STR(buf, "4.2%");
	render_human(buf, sizeof(buf), &rate, NAN);
	CHECK_STR(buf, "-");
	render_machine(buf, sizeof(buf), &rate, 0.04236);
	CHECK_STR(buf, "0.0424");
	render_machine(buf, sizeof(buf), &rate, NAN);
	CHECK_STR(buf, "");
	dir = render_change(buf, sizeof(buf), &rate, 0.05, 0.03);
	CHECK_STR(buf, "+2.0 pp");
	CHECK_INT(dir, 1);
	CHECK_INT(render_judge(&rate, dir), -1);
	dir = render_change(buf, sizeof(buf), &money, 90, 100);
	CHECK_STR(buf, "-10.0%");
	CHECK_INT(dir, -1);
	dir = render_change(buf, sizeof(buf), &money, 90, 0);
	CHECK_STR(buf, "");
	CHECK_INT(dir, 0);
	dir = render_change(buf, sizeof(buf), &money, 100.01, 100);
	CHECK_STR(buf, "0.0%");
	CHECK_INT(dir, 0);
}

static void
test_targets(void)
{
	struct kpi_state *s = new_state(PERIOD_MONTH, NULL, 1);
	struct report *r;
	char path[] = "/tmp/rmkit-targets-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct target t = {0, OP_LE, 0.02};

	fputs("# targets\n\nlogo_churn_rate\t<= 2%\n  mrr > 100  \n", f);
	fclose(f);
	add(s, "a", "2024-01-01", EV_MRR, 100, "", "");
	add(s, "b", "2024-01-01", EV_MRR, 100, "", "");
	add(s, "b", "2024-02-01", EV_MRR, 0, "", "");
	r = kpi_finish(s, day("2024-02-01"));
	targets_read(r, path);
	remove(path);
	CHECK_INT(r->ntargets, 2);
	CHECK_NEAR(r->targets[0].value, 0.02, 1e-12);
	CHECK_INT(r->targets[1].op, OP_GT);
	CHECK_INT(targets_check(r),
	          2); /* churn 0.5 > 0.02, mrr 100 not > 100 */
	CHECK(kpi_missed(r, 0, kpi_find(r, "mrr")));
	CHECK(!kpi_missed(r, 0, kpi_find(r, "nrr")));
	CHECK(target_met(&t, 0.02));
	CHECK(!target_met(&t, 0.0201));
	kpi_select(r, "mrr,pipeline");
	CHECK_INT(r->nshow, 9); /* mrr and 8 pipeline KPIs */
	CHECK_STR(r->cols[r->show[0]].name, "mrr");
	targets_show(r);
	CHECK_INT(r->nshow, 10);
	report_free(r);
}

/* Paired records: many accounts and refs, long refs, chunk boundaries. */
static void
test_pairs_table(void)
{
	struct pairs *p = pairs_new();
	char ref[64];
	size_t i, n = 200000, ok = 1;
	int added;

	for (i = 0; i < n; i++) {
		snprintf(ref, sizeof(ref),
		         i % 7 ? "r%zu" : "a-long-reference-%zu", i / 3);
		if (pairs_index(p, (uint32_t)(i % 3), ref, strlen(ref),
		                &added) != i ||
		    !added)
			ok = 0;
	}
	CHECK(ok);
	CHECK_INT(pairs_count(p), n);
	for (i = 0; i < n; i += 997) {
		struct pair *e;

		snprintf(ref, sizeof(ref),
		         i % 7 ? "r%zu" : "a-long-reference-%zu", i / 3);
		if (pairs_index(p, (uint32_t)(i % 3), ref, strlen(ref),
		                &added) != i ||
		    added)
			ok = 0;
		e = pairs_at(p, i);
		if (e->acct != i % 3 || e->reflen != strlen(ref) ||
		    e->open != INT_MIN || !isnan(e->open_value))
			ok = 0;
	}
	CHECK(ok);
	/* the same ref under another account is another record */
	CHECK_INT(pairs_index(p, 9, "r0", 2, &added), n);
	CHECK_INT(added, 1);
	pairs_get(p, 9, "r0", 2)->open = 5;
	CHECK_INT(pairs_at(p, n)->open, 5);
	pairs_free(p);
}

/*
 * pairs_reserve() keeps every record, and the hints change nothing: the
 * slot hint's hash is the same for the same key, records are found and
 * added as without hints.
 */
static void
test_pairs_reserve(void)
{
	struct pairs *p = pairs_new();
	char ref[32];
	size_t i, ok = 1, next = 100;
	int added, old;

	for (i = 0; i < 100; i++) {
		snprintf(ref, sizeof(ref), "r%zu", i);
		pairs_index(p, (uint32_t)(i % 10), ref, strlen(ref), NULL);
	}
	pairs_reserve(p, 5000);
	pairs_reserve(p, 3); /* already room */
	for (i = 0; i < 20000; i++) {
		uint32_t acct = (uint32_t)(i % 6000), h;

		snprintf(ref, sizeof(ref), "r%zu", i);
		pairs_prefetch_account(p, acct);
		h = pairs_prefetch_slot(p, acct, ref, strlen(ref));
		if (h != pairs_prefetch_slot(p, acct, ref, strlen(ref)))
			ok = 0;
		pairs_prefetch_record(p, acct, h);
		/* (i, "ri") for i < 10 was added above, as record i */
		old = i < 10;
		if (pairs_index(p, acct, ref, strlen(ref), &added) !=
		        (old ? i : next++) ||
		    added == old)
			ok = 0;
	}
	CHECK(ok);
	CHECK_INT(pairs_count(p), 100 + 20000 - 10);
	for (i = 0; i < 100; i++) {
		snprintf(ref, sizeof(ref), "r%zu", i);
		if (pairs_index(p, (uint32_t)(i % 10), ref, strlen(ref),
		                &added) != i || added)
			ok = 0;
	}
	CHECK(ok);
	pairs_free(p);
}

/*
 * Event i of a mixed stream of 300 accounts: subscriptions, tickets,
 * invoices and payments, opportunities, touches, in no account order.
 */
static struct event
mixed_event(int i, char *acct, char *ref)
{
	static const enum event_type types[] = {
	    EV_MRR,     EV_TICKET,      EV_TICKET_CLOSED, EV_INVOICE,
	    EV_PAYMENT, EV_OPPORTUNITY, EV_WON,           EV_TOUCH};
	struct event ev = {0};
	int a = (i * 7919) % 300, t = i % 8;

	sprintf(acct, "acct-%d", a);
	sprintf(ref, "r%d", (i / 8) % 5);
	ev.account = acct;
	ev.account_len = strlen(acct);
	ev.day = day("2024-01-01") + (i * 13) % 360;
	ev.type = types[t];
	ev.has_value = types[t] != EV_TOUCH;
	ev.value = 10 + i % 17;
	ev.ref = types[t] == EV_TOUCH ? "" : ref;
	ev.ref_len = strlen(ev.ref);
	ev.kind = "";
	return ev;
}

/*
 * The look-ahead steps change nothing: a state given every step for
 * every event (and steps for other events, as a wrong guess would) makes
 * the report of a state given none.
 */
static void
test_ahead(void)
{
	struct kpi_state *plain = new_state(PERIOD_MONTH, NULL, 6);
	struct kpi_state *hinted = new_state(PERIOD_MONTH, NULL, 6);
	struct report *r1, *r2;
	char acct[32], ref[32], acct2[32], ref2[32];
	int i, k, p, same = 1;

	for (i = 0; i < 6000; i++) {
		struct event ev = mixed_event(i, acct, ref);
		struct event other = mixed_event(i + 101, acct2, ref2);
		struct kpi_ahead a, b;

		kpi_add_event(plain, &ev);
		kpi_ahead_begin(hinted, &ev, &a);
		kpi_ahead_begin(hinted, &other, &b);
		kpi_ahead_account(hinted, &a);
		kpi_ahead_account(hinted, &b);
		kpi_ahead_pair(hinted, &a);
		b.id = i % 400; /* a wrong guess, beyond the accounts too */
		kpi_ahead_pair(hinted, &b);
		kpi_ahead_record(hinted, &a);
		kpi_ahead_record(hinted, &b);
		kpi_add_event(hinted, &ev);
	}
	r1 = kpi_finish(plain, day("2024-12-25"));
	r2 = kpi_finish(hinted, day("2024-12-25"));
	CHECK_INT(r1->ncols, r2->ncols);
	CHECK(val(r1, 5, "tickets_opened") > 0 && val(r1, 5, "mrr") > 0);
	for (k = 0; k < r1->ncols; k++)
		for (p = 0; p < 6; p++) {
			double v1 = kpi_value(r1, 0, p, k);
			double v2 = kpi_value(r2, 0, p, k);

			if (!((isnan(v1) && isnan(v2)) || v1 == v2))
				same = 0;
		}
	CHECK(same);
	report_free(r1);
	report_free(r2);
}

/* Events of three accounts, with amounts whose double sums depend on
 * their order; to state a, or b for the accounts in b_accounts; with
 * reverse the accounts come in the other order. */
static void
add_mixed(struct kpi_state *a, struct kpi_state *b, const char *b_accounts,
          int reverse)
{
	static const char *const acct[] = {"x", "y", "z"};
	static const double amount[] = {0.1, 0.2, 0.3, 1e15 + 0.5, -0.0};
	int i, k;

	for (i = 0; i < 15; i++) {
		/* reverse: z's events, then y's, then x's (each account's
		   own events keep their order) */
		int j = reverse ? (2 - i / 5) + 3 * (i % 5) : i;
		const char *ac = acct[j % 3];
		struct kpi_state *s = strchr(b_accounts, ac[0]) ? b : a;

		k = j % 5;
		add(s, ac, "2024-02-10", EV_ORDER, amount[k], "", "");
		add(s, ac, "2024-02-11", EV_CSAT, 1 + k * 0.7, "", "");
		add(s, ac, "2024-01-05", EV_MRR, 10.1 * (j + 1), "s", "");
	}
}

static void
test_split_and_merge(void)
{
	struct kpi_state *one = new_state(PERIOD_MONTH, NULL, 2), *st[2];
	struct report *r1, *r2, *r3;
	struct kpi_merge *m;
	char path[] = "/tmp/test_kpi_XXXXXX";
	int fd, k, p;
	FILE *f;

	add_mixed(one, one, "", 0);
	r1 = kpi_finish(one, day("2024-02-29"));
	/* two states of disjoint accounts, events in the other order */
	st[0] = new_state(PERIOD_MONTH, NULL, 2);
	st[1] = kpi_new_like(st[0], 2);
	add_mixed(st[0], st[1], "yz", 1);
	r2 = kpi_finish_many(st, 2, day("2024-02-29"));
	CHECK_INT(r1->ncols, r2->ncols);
	for (k = 0; k < r1->ncols; k++)
		for (p = 0; p < 2; p++) {
			double v1 = kpi_value(r1, 0, p, k);
			double v2 = kpi_value(r2, 0, p, k);

			CHECK((isnan(v1) && isnan(v2)) ||
			      (v1 == v2 && signbit(v1) == signbit(v2)));
		}
	CHECK_NEAR(val(r1, 1, "revenue"), 2 * (1e15 + 0.5 + 0.6) + 10.1 * 120,
	           0.5);
	/* the same states through a partial */
	st[0] = new_state(PERIOD_MONTH, NULL, 2);
	st[1] = kpi_new_like(st[0], 2);
	add_mixed(st[0], st[1], "x", 0);
	fd = mkstemp(path);
	CHECK(fd >= 0);
	f = fdopen(fd, "w");
	kpi_partial_write(f, st, 2, day("2024-02-29"));
	fclose(f);
	m = kpi_merge_new();
	kpi_merge_read(m, path);
	CHECK_INT(kpi_merge_latest(m), day("2024-02-29"));
	r3 = kpi_merge_finish(m);
	unlink(path);
	for (k = 0; k < r1->ncols; k++)
		for (p = 0; p < 2; p++) {
			double v1 = kpi_value(r1, 0, p, k);
			double v3 = kpi_value(r3, 0, p, k);

			CHECK((isnan(v1) && isnan(v3)) ||
			      (v1 == v3 && signbit(v1) == signbit(v3)));
		}
	report_free(r1);
	report_free(r2);
	report_free(r3);
}

int
main(void)
{
	test_split_and_merge();
	test_pairs_table();
	test_pairs_reserve();
	test_ahead();
	test_subscriptions();
	test_as_of_window();
	test_pairs();
	test_formats();
	test_targets();
	return check_exit();
}
