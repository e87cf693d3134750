/*
 * test_bgnbd.c - the BG/NBD closed forms, grouping, fit.
 *
 * Reference values: tests/unit/clv_reference.py, which evaluates the
 * formulas of Fader, Hardie & Lee (2005) as published (without the Euler
 * transformation used in lib/bgnbd.c) with mpmath at 40 digits.  P1 is
 * close to the CDNOW fit (a < 1), P2 has a > 1.  The cases are the edges:
 * x = 0, t_x = T, large x (200), t_x near 0 with large T, and horizons
 * t = 0.5, 39 and 1000 (z = t / (alpha + T + t) near 1).  FHL (2005)
 * also print E[Y(39) | 2, 30.43, 38.86] = 1.226 for their fit.
 */
#include <math.h>
#include <stdlib.h>

#include "bgnbd.h"
#include "check.h"
#include "clv_summary.h"
#include "xalloc.h"

static const struct bgnbd_params P1 = {0.243, 4.414, 0.793, 2.426};
static const struct bgnbd_params P2 = {1.5, 10, 2.5, 4};

struct ref {
	long x;
	double t_x, T, ll, p_alive, e05, e39, e1000;
};

static const struct ref refs1[] = {
    {0, 0, 38.86, -0.55471327643815845, 1, 0.0028027417728368509,
     0.19509805201126264, 2.1783959555342151},
    {2, 30.43, 38.86, -9.4586063070662712, 0.72657857008067291,
     0.018776841843974003, 1.2260281747671444, 10.120518988765318},
    {5, 20, 20, -14.951235448810505, 0.89015099044188946, 0.094997718619140907,
     5.3236222239469163, 31.787298129968056},
    {200, 150, 160, -159.96538291876245, 0.00088595307745188109,
     0.00053886666279181656, 0.038635930556394811, 0.43016140724899745},
    {1, 0.5, 100, -4.3675952940630731, 0.06411738167736738,
     0.00038125921372384112, 0.027701408457193602, 0.3469440149733765},
};

static const struct ref refs2[] = {
    {0, 0, 38.86, -2.3795609592533231, 1, 0.015274877911624099,
     0.8741790198086424, 3.2339849886424649},
    {2, 30.43, 38.86, -9.0485806638317003, 0.50757260666032692,
     0.018057266840949923, 0.92954217253905927, 2.4397334031719743},
    {5, 20, 20, -14.415222311529817, 0.7619047619047619, 0.081432854608514351,
     3.0864407862481933, 5.2737766857751657},
    {200, 150, 160, -167.02001808995887, 0.00040188362020322995,
     0.00023731934352238727, 0.014446659128762456, 0.05193052402406836},
    {1, 0.5, 100, -2.9701128173729464, 0.0044839399528338322,
     5.0819136346179794e-5, 0.0032988923552428551, 0.016699866832338121},
};

static void
check_refs(const struct bgnbd_params *p, const struct ref *r, int n)
{
	int i;

	for (i = 0; i < n; i++, r++) {
		CHECK_NEAR(bgnbd_loglik_one(p, r->x, r->t_x, r->T), r->ll,
		           1e-12);
		CHECK_NEAR(bgnbd_p_alive(p, r->x, r->t_x, r->T), r->p_alive,
		           1e-12);
		CHECK_NEAR(bgnbd_expected(p, r->x, r->t_x, r->T, 0.5), r->e05,
		           1e-10);
		CHECK_NEAR(bgnbd_expected(p, r->x, r->t_x, r->T, 39), r->e39,
		           1e-10);
		CHECK_NEAR(bgnbd_expected(p, r->x, r->t_x, r->T, 1000),
		           r->e1000, 1e-9);
	}
}

static void
test_closed_forms(void)
{
	check_refs(&P1, refs1, 5);
	check_refs(&P2, refs2, 5);
	/* P(X(39) = n) for a new customer. */
	CHECK_NEAR(bgnbd_pmf(&P1, 0, 39), 0.57378635209600941, 1e-12);
	CHECK_NEAR(bgnbd_pmf(&P1, 1, 39), 0.19939528083591146, 1e-12);
	CHECK_NEAR(bgnbd_pmf(&P1, 7, 39), 0.0086954288041552609, 1e-12);
	CHECK_NEAR(bgnbd_pmf(&P2, 0, 39), 0.092194683969923596, 1e-12);
	CHECK_NEAR(bgnbd_pmf(&P2, 1, 39), 0.41689076063625269, 1e-12);
	CHECK_NEAR(bgnbd_pmf(&P2, 7, 39), 0.014797483777531549, 1e-12);
	/* E[X(t)] (mpmath), z = t / (alpha + t) up to 0.9991. */
	CHECK_NEAR(bgnbd_expected_new(&P1, 39), 1.1967231933208168, 1e-10);
	CHECK_NEAR(bgnbd_expected_new(&P1, 5000), 11.987053076811555, 1e-9);
	CHECK(bgnbd_expected(&P1, 3, 10, 20, 0) == 0);
	/* x = 0: P(alive) is 1 whatever T. */
	CHECK(bgnbd_p_alive(&P1, 0, 0, 1e6) == 1);
	/* t_x = T: only the dropout after the last purchase. */
	CHECK_NEAR(bgnbd_p_alive(&P2, 4, 9, 9), 1 / (1 + 2.5 / (4 + 3)), 1e-15);
	/* Huge gap: P(alive) underflows to 0, never NaN. */
	CHECK(bgnbd_p_alive(&P1, 500, 0, 1e8) == 0);
}

static void
test_pmf_consistency(void)
{
	double sum = 0, mean = 0, p;
	long n;

	/* The distribution sums to 1 and its mean is E[X(t)]. */
	for (n = 0; n < 400; n++) {
		p = bgnbd_pmf(&P2, n, 20);
		sum += p;
		mean += n * p;
	}
	CHECK_NEAR(sum, 1, 1e-10);
	CHECK_NEAR(mean, bgnbd_expected_new(&P2, 20), 1e-8);
}

static void
test_a_equal_1(void)
{
	/* a = 1 is a removable singularity (mpmath at a = 1 + 1e-25). */
	struct bgnbd_params p = {0.5, 3, 1, 2};

	CHECK_NEAR(bgnbd_expected(&p, 3, 10, 20, 26), 1.0126122419726363, 1e-7);
	CHECK_NEAR(bgnbd_expected_new(&p, 26), 1.8536959660173929, 1e-7);
}

/* The analytic gradient against central differences of the likelihood. */
static void
check_gradient(const struct bgnbd_params *p0, const struct clv_groups *g)
{
	struct bgnbd_params p = *p0, q;
	double grad[4], *pp[4], *qq[4], h, num;
	int i;

	CHECK_NEAR(bgnbd_loglik_gradient(&p, g, grad), bgnbd_loglik(&p, g),
	           1e-13);
	for (i = 0; i < 4; i++) {
		q = p;
		pp[0] = &q.r, pp[1] = &q.alpha, pp[2] = &q.a, pp[3] = &q.b;
		qq[i] = pp[i];
		h = 1e-6 * *qq[i];
		*qq[i] += h;
		num = bgnbd_loglik(&q, g);
		*qq[i] -= 2 * h;
		num = (num - bgnbd_loglik(&q, g)) / (2 * h);
		CHECK_NEAR(grad[i], num, 1e-6);
	}
}

static void
test_grouped_loglik(void)
{
	struct clv_summary *s = clv_summary_new();
	struct clv_groups *g;
	static const struct clv_customer c[] = {
	    {0, 0, 38.86, NAN}, {2, 30.43, 38.86, 10}, {0, 0, 38.86, NAN},
	    {5, 20, 20, 3},     {2, 30.43, 38.86, 12}, {1, 0.5, 100, 1}};
	double want = 0;
	size_t i;

	s->c = xmalloc(sizeof(c));
	s->n = s->cap = 6;
	for (i = 0; i < 6; i++) {
		s->c[i] = c[i];
		want += bgnbd_loglik_one(&P1, c[i].x, c[i].t_x, c[i].T);
	}
	g = clv_groups_build(s);
	CHECK_INT(g->n, 4);
	CHECK_INT(g->repeat_buyers, 4);
	CHECK_INT(g->group_of[0], g->group_of[2]);
	CHECK_INT(g->group_of[1], g->group_of[4]);
	CHECK(g->group_of[0] != g->group_of[1]);
	CHECK_NEAR(bgnbd_loglik(&P1, g), want, 1e-13);
	check_gradient(&P1, g);
	check_gradient(&P2, g);
	clv_groups_free(g);
	clv_summary_free(s);
}

static void
test_fit_too_few(void)
{
	struct clv_summary *s = clv_summary_new();
	struct clv_groups *g;
	struct bgnbd_params p;
	struct clv_fit fit;
	const char *why = NULL;
	size_t i;

	s->c = xmalloc(20 * sizeof(*s->c));
	s->n = s->cap = 20;
	for (i = 0; i < 20; i++) {
		s->c[i].x = i < 9 ? 1 : 0;
		s->c[i].t_x = i < 9 ? 3 : 0;
		s->c[i].T = 10;
		s->c[i].monetary = NAN;
	}
	g = clv_groups_build(s);
	CHECK(bgnbd_fit(g, &p, &fit, &why) == -1);
	CHECK(why != NULL);
	clv_groups_free(g);
	clv_summary_free(s);
}

int
main(void)
{
	test_closed_forms();
	test_pmf_consistency();
	test_a_equal_1();
	test_grouped_loglik();
	test_fit_too_few();
	return check_exit();
}
