/*
 * test_paretonbd.c - the Pareto/NBD closed forms.
 *
 * Reference values: tests/unit/clv_reference.py (mpmath at 40 digits, the
 * formulas of FHL's 2005 note without the Euler transformation used in
 * lib/paretonbd.c); for Q1 and Q2 the likelihood was also integrated
 * numerically over lambda and mu, giving the same digits.  Q1 has
 * alpha >= beta, Q2 alpha < beta, Q3 and Q4 extreme ratios (z close to 1).
 * Edges: x = 0, t_x = T (P(alive) = 1 exactly), t_x near 0 with large T,
 * large x.
 */
#include <math.h>

#include "check.h"
#include "paretonbd.h"

struct ref {
	long x;
	double t_x, T, ll, p_alive, e39;
};

static void
check_refs(const struct pnbd_params *p, const struct ref *r, int n)
{
	int i;

	for (i = 0; i < n; i++, r++) {
		CHECK_NEAR(pnbd_loglik_one(p, r->x, r->t_x, r->T), r->ll,
		           1e-12);
		CHECK_NEAR(pnbd_p_alive(p, r->x, r->t_x, r->T), r->p_alive,
		           1e-11);
		CHECK_NEAR(pnbd_expected(p, r->x, r->t_x, r->T, 39), r->e39,
		           1e-11);
	}
}

static void
test_closed_forms(void)
{
	static const struct pnbd_params q1 = {0.55, 10.58, 0.61, 11.67};
	static const struct pnbd_params q2 = {0.55, 10.58, 0.61, 20.5};
	static const struct pnbd_params q3 = {0.55, 10.58, 0.61, 0.05};
	static const struct pnbd_params q4 = {0.55, 0.02, 0.61, 11.67};
	static const struct ref r1[] = {
	    {0, 0, 38.86, -0.51702515088753846, 0.29377395046742047,
	     0.10582535589031974},
	    {2, 30.43, 38.86, -9.561981260842964, 0.86841091713209171,
	     1.4503713747917109},
	    {5, 20, 20, -14.735896835141219, 1, 5.4172227519962767},
	};
	static const struct ref r2[] = {
	    {0, 0, 38.86, -0.59914543659137718, 0.40763184164047795,
	     0.15025168107256022},
	    {2, 30.43, 38.86, -9.3391676025962119, 0.88827811631307,
	     1.5180206961090695},
	    {5, 20, 20, -14.542239326108008, 1, 5.6706479439977891},
	};
	static const struct ref r3[] = {
	    {0, 0, 38.86, -0.041105278838159407, 0.00769148346464068,
	     0.002654784892096046},
	    {3, 0.5, 60, -8.453589274894343, 0.000135116302896525,
	     0.00022552590467854891},
	    {150, 100, 110, -114.91722055277046, 0.00046260429411271153,
	     0.020468585197786714},
	};
	static const struct ref r4[] = {
	    {0, 0, 38.86, -3.2558595902780102, 0.16480373910561852,
	     0.075491094321528511},
	    {3, 0.5, 60, -3.7025081105457062, 1.6481113279370143e-6,
	     3.307814401304538e-6},
	    {150, 100, 110, -100.20488241029714, 0.00015424429717284138,
	     0.0075416860348187328},
	};

	check_refs(&q1, r1, 3);
	check_refs(&q2, r2, 3);
	check_refs(&q3, r3, 3);
	check_refs(&q4, r4, 3);
}

static void
test_edges(void)
{
	struct pnbd_params p = {0.55, 10.58, 0.61, 11.67};
	double e;

	CHECK(pnbd_p_alive(&p, 7, 30, 30) == 1);
	CHECK(pnbd_expected(&p, 2, 10, 20, 0) == 0);
	/* s = 1: the limit (r+x)(beta+T)/(alpha+T) ln(1 + t/(beta+T)). */
	p.s = 1;
	e = pnbd_expected(&p, 4, 20, 20, 39);
	CHECK_NEAR(e, 4.55 * 31.67 / 30.58 * log1p(39 / 31.67), 1e-12);
	p.s = 1 + 1e-9;
	CHECK_NEAR(pnbd_expected(&p, 4, 20, 20, 39), e, 1e-8);
}

int
main(void)
{
	test_closed_forms();
	test_edges();
	return check_exit();
}
