/*
 * test_specfun.c - 2F1 and the optimiser.
 *
 * Reference values of 2F1 come from mpmath's hyp2f1 at 40 digits (see
 * tests/unit/clv_reference.py), except (1, 1; 2; z) = -ln(1 - z) / z,
 * which is also checked against that closed form.
 */
#include <math.h>

#include "check.h"
#include "optim.h"
#include "specfun.h"

static void
test_hyp2f1(void)
{
	/* The series region. */
	CHECK_NEAR(hyp2f1(1.5, 2.5, 4.2, 0.3), 1.3586457256008374, 1e-13);
	CHECK_NEAR(hyp2f1(2.2, 0.7, 5.1, 0.85), 1.4512199804940407, 1e-12);
	/* z near 1: the 1 - z transformation. */
	CHECK_NEAR(hyp2f1(0.5, 0.7, 1.9, 0.95), 1.3956337442336204, 1e-12);
	CHECK_NEAR(hyp2f1(-0.2, 1.5, 3.7, 0.999999), 0.88727886876544664,
	           1e-12);
	/* c - a - b an integer (0, 1) or within 1e-5 of one. */
	CHECK_NEAR(hyp2f1(1, 1, 2, 0.9), 2.5584278811044954, 1e-8);
	CHECK_NEAR(hyp2f1(1, 1, 2, 0.9), -log(1 - 0.9) / 0.9, 1e-8);
	CHECK_NEAR(hyp2f1(0.3, 1.2, 2.5, 0.99), 1.3243197690612152, 1e-8);
	CHECK_NEAR(hyp2f1(0.3, 1.2, 2.50001, 0.999), 1.341254757694473, 1e-8);
	/* Large c (the Euler-transformed BG/NBD 2F1 for large x). */
	CHECK_NEAR(hyp2f1(0.02, -0.2, 203.2, 0.97), 0.999980868290624, 1e-13);
	/* z < -0.5: the Pfaff transformation. */
	CHECK_NEAR(hyp2f1(1.2, 0.8, 2.3, -3), 0.51479311662756278, 1e-12);
	/* Edges. */
	CHECK(hyp2f1(1.5, 2.5, 4.2, 0) == 1);
	CHECK(isnan(hyp2f1(1, 1, 2, 1)));
	CHECK(isnan(hyp2f1(1, 1, -2, 0.5)));
}

static void
test_log_helpers(void)
{
	CHECK_NEAR(log_add_exp(log(2.0), log(3.0)), log(5.0), 1e-15);
	CHECK_NEAR(log_add_exp(-1000, -1000), -1000 + log(2.0), 1e-15);
	CHECK(log_add_exp(-INFINITY, -INFINITY) == -INFINITY);
	CHECK_NEAR(log_beta(2, 3), log(1.0 / 12), 1e-14);
}

static double
rosenbrock(const double *x, void *ctx)
{
	(void)ctx;
	return 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) +
	       (1 - x[0]) * (1 - x[0]);
}

static double
quadratic(const double *x, void *ctx)
{
	(void)ctx;
	return 5 + (x[0] - 1) * (x[0] - 1) + 2 * (x[1] + 2) * (x[1] + 2) +
	       (x[0] - 1) * (x[1] + 2) + 3 * (x[2] - 0.5) * (x[2] - 0.5);
}

static double
nowhere(const double *x, void *ctx)
{
	(void)ctx;
	return x[0] > 0 ? INFINITY : NAN;
}

static void
test_optim(void)
{
	struct optim_result res;
	double x[3] = {-1.2, 1, 0}, h[9], inv[9];

	CHECK(optim_minimize(rosenbrock, NULL, 2, x, &res) == 0);
	CHECK_NEAR(x[0], 1, 1e-6);
	CHECK_NEAR(x[1], 1, 1e-6);
	CHECK(res.converged);
	x[0] = x[1] = x[2] = 0;
	CHECK(optim_minimize(quadratic, NULL, 3, x, &res) == 0);
	CHECK_NEAR(x[0], 1, 1e-7);
	CHECK_NEAR(x[1], -2, 1e-7);
	CHECK_NEAR(res.f, 5, 1e-12);
	/* Hessian of the quadratic: [[2, 1, 0], [1, 4, 0], [0, 0, 6]]. */
	optim_hessian(quadratic, NULL, 3, x, 1e-3, h);
	CHECK_NEAR(h[0], 2, 1e-6);
	CHECK_NEAR(h[1], 1, 1e-6);
	CHECK_NEAR(h[4], 4, 1e-6);
	CHECK_NEAR(h[8], 6, 1e-6);
	CHECK(optim_invert_spd(3, h, inv) == 0);
	/* The inverse of [[2, 1], [1, 4]] is [[4, -1], [-1, 2]] / 7. */
	CHECK_NEAR(inv[0], 4.0 / 7, 1e-6);
	CHECK_NEAR(inv[1], -1.0 / 7, 1e-6);
	h[0] = -1;
	CHECK(optim_invert_spd(3, h, inv) == -1);
	/* A function undefined at the start fails cleanly. */
	x[0] = 1;
	CHECK(optim_minimize(nowhere, NULL, 1, x, &res) == -1);
	CHECK(!res.converged);
}

int
main(void)
{
	test_hyp2f1();
	test_log_helpers();
	test_optim();
	return check_exit();
}
