/*
 * test_health.c - the health model: option parsing, bands, and every
 * component formula against the man page, computed by hand.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "health.h"

static int
day(const char *s)
{
	int d = 0;

	date_parse_iso(s, strlen(s), &d);
	return d;
}

/* Add an event; value < -1e9 means none. */
static void
add(struct health_run *r, const char *acct, const char *date,
    enum event_type type, double value)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.account = acct;
	ev.account_len = strlen(acct);
	ev.day = day(date);
	ev.type = type;
	ev.has_value = value > -1e9;
	ev.value = ev.has_value ? value : 0;
	ev.ref = ev.kind = "";
	health_run_add(r, &ev);
}

#define NONE (-2e9)

static void
test_options(void)
{
	struct health_model m;
	char err[256];

	health_model_init(&m, HEALTH_CLIENT);
	CHECK_INT(m.ncomp, 5);
	CHECK_STR(health_component_name(&m, 2), "payments");
	CHECK_INT(
	    health_set_weights(&m, "usage=0,support=2.5", err, sizeof(err)), 0);
	CHECK_NEAR(m.weight[0], 0, 0);
	CHECK_NEAR(m.weight[1], 2.5, 0);
	CHECK_NEAR(m.weight[2], 20, 0); /* not named: kept */
	CHECK_INT(health_set_weights(&m, "delivery=1", err, sizeof(err)), -1);
	CHECK_STR(err, "no component 'delivery' in the client profile");
	CHECK_INT(health_set_weights(&m, "usage=x", err, sizeof(err)), -1);
	CHECK_INT(health_set_weights(&m, "usage", err, sizeof(err)), -1);
	CHECK_INT(health_set_weights(&m,
	                             "usage=0,support=0,payments=0,"
	                             "sentiment=0,engagement=0",
	                             err, sizeof(err)),
	          -1);
	CHECK_STR(health_band(&m, 75.01), "green");
	CHECK_STR(health_band(&m, 75), "amber"); /* above 75 is green */
	CHECK_STR(health_band(&m, 50), "red");
	CHECK_INT(health_set_bands(&m, "80,60,40", err, sizeof(err)), 0);
	CHECK_INT(health_check_bands(&m, err, sizeof(err)), -1);
	CHECK_INT(health_set_band_names(&m, "a,b,c,d", err, sizeof(err)), 0);
	CHECK_INT(health_check_bands(&m, err, sizeof(err)), 0);
	CHECK_STR(health_band(&m, 40), "d");
	CHECK_STR(health_band(&m, 59), "c");
	CHECK_INT(health_set_bands(&m, "50,60", err, sizeof(err)), -1);
	CHECK_INT(health_set_bands(&m, "101", err, sizeof(err)), -1);
	health_model_free(&m);

	health_model_init(&m, HEALTH_SUPPLIER);
	CHECK_INT(m.ncomp, 3);
	CHECK_STR(health_component_name(&m, 2), "escalations");
	health_model_free(&m);
}

/* Each component alone, against its formula (as-of 2024-06-30, W 90). */
static void
test_formulas(void)
{
	struct health_model m;
	struct health_run *r;
	struct health_score s;

	health_model_init(&m, HEALTH_CLIENT);
	r = health_run_new(&m, day("2024-06-30"));
	/* a: usage 100 in the window, 200 in the one before, last 4 days ago */
	add(r, "a", "2024-06-26", EV_USAGE, 100);
	add(r, "a", "2024-03-01", EV_USAGE, 200);
	add(r, "a", "2024-07-15", EV_USAGE, 999); /* after as-of: ignored */
	/* b: a severity-1 ticket closed after 9 days, a sev-4 one open */
	add(r, "b", "2024-06-01", EV_TICKET, 1);
	add(r, "b", "2024-06-10", EV_TICKET_CLOSED, NONE);
	add(r, "b", "2024-06-20", EV_TICKET, 4);
	/* c: invoice 300 due 06-01 paid 06-11, invoice 100 due 06-20 open */
	add(r, "c", "2024-06-01", EV_INVOICE, 300);
	add(r, "c", "2024-06-11", EV_PAYMENT, 300);
	add(r, "c", "2024-06-20", EV_INVOICE, 100);
	/* d: two nps answers on the latest day, an older one; csat 5 */
	add(r, "d", "2024-06-01", EV_NPS, 10);
	add(r, "d", "2024-06-05", EV_NPS, 6);
	add(r, "d", "2024-06-05", EV_NPS, 9);
	add(r, "d", "2024-05-05", EV_CSAT, 5);
	add(r, "d", "2024-01-05", EV_CSAT, 1); /* before the window */
	/* e: touches 15 and 45 days ago */
	add(r, "e", "2024-06-15", EV_TOUCH, NONE);
	add(r, "e", "2024-05-16", EV_TOUCH, NONE);
	/* f: only an mrr event: no component has data */
	add(r, "f", "2024-06-15", EV_MRR, 10);
	health_run_finish(r, INT_MIN);
	CHECK_INT(health_run_count(r), 6);

	health_score(r, 0, 0, &s);
	CHECK(s.has[0] && !s.has[1] && !s.has[4]);
	CHECK_NEAR(s.comp[0], (100 * 0.5 + 100 * exp2(-4 / 14.0)) / 2, 1e-9);
	CHECK_NEAR(s.score, s.comp[0], 1e-12);
	CHECK_NEAR(s.coverage, 0.3, 1e-12);
	CHECK_INT(s.driver, 0);

	health_score(r, 1, 0, &s);
	/* S = 8 + 1, O = 1, ticket-days 9 + 10, B = 19/90 */
	CHECK_NEAR(s.comp[1],
	           100 * exp2(-(9 / 16.0 + 1 / 4.0 + 19 / 90.0 / 0.5)), 1e-9);

	health_score(r, 2, 0, &s);
	/* N = 300*29 - 300*19 + 100*10 = 4000, I = 400, M = 200, R = 400:
	 * L = 10 days, Q = 100/400 */
	CHECK_NEAR(s.comp[2], 100 * exp2(-(10 / 15.0 + 0.25)), 1e-9);

	health_score(r, 3, 0, &s);
	CHECK_NEAR(s.comp[3], (10 * 7.5 + 25 * (5 - 1)) / 2, 1e-9);

	health_score(r, 4, 0, &s);
	CHECK_NEAR(s.comp[4],
	           (100 * exp2(-15 / 30.0) + 100 * fmin(1, 2 * 30.0 / 90)) / 2,
	           1e-9);
	CHECK_NEAR(s.coverage, 0.15, 1e-12);

	health_score(r, 5, 0, &s);
	CHECK(!s.has_score);
	CHECK_NEAR(s.coverage, 0, 0);
	CHECK_INT(s.driver, -1);

	/* as-of - window = 2024-04-01: a has 200 in its window */
	health_score(r, 0, 1, &s);
	CHECK(s.has_score);
	CHECK_NEAR(s.comp[0],
	           (100 + 100 * exp2(-(day("2024-04-01") - day("2024-03-01")) /
	                             14.0)) /
	               2,
	           1e-9);
	health_score(r, 2, 1, &s);
	CHECK(!s.has_score);
	health_run_free(r);
	health_model_free(&m);
}

/* Weights, re-weighting over components with data, and the driver. */
static void
test_combination(void)
{
	struct health_model m;
	struct health_run *r;
	struct health_score s;
	char err[64];
	double u, e;

	health_model_init(&m, HEALTH_CLIENT);
	health_set_weights(&m, "usage=3,engagement=1", err, sizeof(err));
	r = health_run_new(&m, day("2024-06-30"));
	add(r, "x", "2024-06-30", EV_USAGE, 5);
	add(r, "x", "2024-06-30", EV_TOUCH, NONE);
	health_run_finish(r, INT_MIN);
	health_score(r, 0, 0, &s);
	u = 100;                   /* no previous usage; used today */
	e = (100 + 100.0 / 3) / 2; /* touched today, once in 90 days */
	CHECK_NEAR(s.score, (3 * u + 1 * e) / 4, 1e-9);
	CHECK_NEAR(s.coverage, 4.0 / (3 + 20 + 20 + 15 + 1), 1e-12);
	CHECK_INT(s.driver, 4);
	health_run_free(r);
	health_model_free(&m);
}

/* Supplier components. */
static void
test_supplier(void)
{
	struct health_model m;
	struct health_run *r;
	struct health_score s;

	health_model_init(&m, HEALTH_SUPPLIER);
	r = health_run_new(&m, INT_MIN); /* as-of: the latest event date */
	add(r, "s", "2024-06-01", EV_DELIVERY, 0);
	add(r, "s", "2024-06-02", EV_DELIVERY, 2);
	add(r, "s", "2024-06-03", EV_DELIVERY, -3);
	add(r, "s", "2024-06-04", EV_SLA, 0);
	add(r, "s", "2024-06-05", EV_ESCALATION, 1);
	add(r, "s", "2024-06-10", EV_ESCALATION_CLOSED, NONE);
	health_run_finish(r, day("2024-06-10"));
	CHECK_INT(health_run_as_of(r), day("2024-06-10"));
	health_score(r, 0, 0, &s);
	CHECK_NEAR(s.comp[0], 200.0 / 3, 1e-9);
	CHECK_NEAR(s.comp[1], 0, 0);
	CHECK_NEAR(s.comp[2], 100 * exp2(-(0 / 2.0 + 5 / 60.0)), 1e-9);
	CHECK_NEAR(s.score, (40 * 200.0 / 3 + 0 + 20 * s.comp[2]) / 100, 1e-9);
	CHECK_INT(s.driver, 1);
	health_run_free(r);
	health_model_free(&m);
}

int
main(void)
{
	test_options();
	test_formulas();
	test_combination();
	test_supplier();
	return check_exit();
}
