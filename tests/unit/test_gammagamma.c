/*
 * test_gammagamma.c - the Gamma-Gamma spend model.
 *
 * Log-likelihood references: tests/unit/clv_reference.py (mpmath, the
 * formula of Fader & Hardie 2013) at p = 6.25, q = 3.74, gamma = 15.44.
 * Expected spend by hand: (gamma + x m) p / (p x + q - 1).
 */
#include <math.h>

#include "check.h"
#include "gammagamma.h"
#include "xalloc.h"

static const struct gg_params G = {6.25, 3.74, 15.44};

static void
test_closed_forms(void)
{
	CHECK_NEAR(gg_loglik_one(&G, 1, 11.77), -3.73770967874084, 1e-12);
	CHECK_NEAR(gg_loglik_one(&G, 7, 73.74), -6.0548673107222289, 1e-12);
	CHECK_NEAR(gg_loglik_one(&G, 50, 2.5), -25.54319493581358, 1e-12);
	/* (15.44 + 2 * 20) * 6.25 / (12.5 + 2.74) = 346.5 / 15.24 */
	CHECK_NEAR(gg_expected_spend(&G, 2, 20), 346.5 / 15.24, 1e-13);
	/* x = 0 or no value: the population mean 6.25 * 15.44 / 2.74. */
	CHECK_NEAR(gg_expected_spend(&G, 0, NAN), 96.5 / 2.74, 1e-13);
	CHECK_NEAR(gg_expected_spend(&G, 3, NAN), 96.5 / 2.74, 1e-13);
	/* Many purchases: close to the customer's own mean. */
	CHECK_NEAR(gg_expected_spend(&G, 100000, 42), 42, 1e-4);
}

/* A fit needs enough repeat buyers. */
static void
test_fit(void)
{
	struct clv_summary *s = clv_summary_new();
	struct gg_params g;
	struct clv_fit fit;
	const char *why = NULL;
	size_t i;

	s->c = xmalloc(5 * sizeof(*s->c));
	s->n = s->cap = 5;
	for (i = 0; i < 5; i++) {
		s->c[i].x = 2;
		s->c[i].t_x = 1;
		s->c[i].T = 2;
		s->c[i].monetary = 10 + i;
	}
	/* Too few repeat buyers. */
	CHECK(gg_fit(s, &g, &fit, &why) == -1);
	CHECK(why != NULL);
	clv_summary_free(s);
}

int
main(void)
{
	test_closed_forms();
	test_fit();
	return check_exit();
}
