/*
 * specfun.c - 2F1 and log-space helpers (see specfun.h).
 */
#include <math.h>

#include "specfun.h"

#define SERIES_MAX_TERMS 500000
#define SERIES_EPS 1e-17
#define SERIES_TRY_TERMS 500
#define NEAR_INTEGER 1e-4

/*
 * The power series of 2F1 at z, or NaN when it does not converge within
 * max_terms terms.
 */
static double
hyp2f1_series(double a, double b, double c, double z, long max_terms)
{
	double term = 1, sum = 1, ratio;
	long n;

	for (n = 0; n < max_terms; n++) {
		ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
		term *= ratio;
		sum += term;
		if (term == 0)
			return sum;
		/* Past the peak the terms shrink geometrically. */
		if (fabs(ratio) < 1 &&
		    fabs(term) <= SERIES_EPS * fabs(sum) * (1 - fabs(ratio)))
			return sum;
		if (!isfinite(sum))
			return NAN;
	}
	return NAN;
}

/*
 * log |Gamma(x)| with its sign in *sign; *sign is 0 where 1/Gamma(x) is 0
 * (x a non-positive integer).
 */
static double
log_gamma_signed(double x, int *sign)
{
	double r;

	if (x <= 0 && x == floor(x)) {
		*sign = 0;
		return INFINITY;
	}
	r = lgamma_r(x, sign);
	return r;
}

/*
 * Gamma(p1) Gamma(p2) / (Gamma(q1) Gamma(q2)) times w^e (w > 0), from
 * logarithms, so large arguments neither overflow nor lose precision.
 */
static double
gamma_ratio(double p1, double p2, double q1, double q2, double w, double e)
{
	int s1, s2, s3, s4;
	double l = log_gamma_signed(p1, &s1) + log_gamma_signed(p2, &s2);
	double m = log_gamma_signed(q1, &s3) + log_gamma_signed(q2, &s4);

	if (s3 == 0 || s4 == 0)
		return 0;
	return s1 * s2 * s3 * s4 * exp(l - m + e * log(w));
}

/* A&S 15.3.6 for 0.8 < z < 1 when c - a - b is not an integer. */
static double
hyp2f1_reflect(double a, double b, double c, double z)
{
	double w = 1 - z, m = c - a - b;
	double f1 = hyp2f1_series(a, b, 1 - m, w, SERIES_MAX_TERMS);
	double f2 = hyp2f1_series(c - a, c - b, 1 + m, w, SERIES_MAX_TERMS);

	return gamma_ratio(c, m, c - a, c - b, w, 0) * f1 +
	       gamma_ratio(c, -m, a, b, w, m) * f2;
}

double
hyp2f1(double a, double b, double c, double z)
{
	double m, k, lo, hi, f;

	if (!(z < 1) || !isfinite(a) || !isfinite(b) || !isfinite(c))
		return NAN;
	if (c <= 0 && c == floor(c))
		return NAN;
	if (z < -0.5)
		return pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1));
	if (z <= 0.8)
		return hyp2f1_series(a, b, c, z, SERIES_MAX_TERMS);
	/* The series is the most accurate where it converges quickly. */
	f = hyp2f1_series(a, b, c, z, SERIES_TRY_TERMS);
	if (!isnan(f))
		return f;
	m = c - a - b;
	k = nearbyint(m);
	if (fabs(m - k) >= NEAR_INTEGER)
		return hyp2f1_reflect(a, b, c, z);
	/* Interpolate in c between the two sides of the pole. */
	lo = hyp2f1_reflect(a, b, c + (k - NEAR_INTEGER - m), z);
	hi = hyp2f1_reflect(a, b, c + (k + NEAR_INTEGER - m), z);
	return lo + (hi - lo) * (m - (k - NEAR_INTEGER)) / (2 * NEAR_INTEGER);
}

double
log_add_exp(double u, double v)
{
	double hi = u > v ? u : v, lo = u > v ? v : u;

	if (hi == -INFINITY)
		return -INFINITY;
	return hi + log1p(exp(lo - hi));
}

double
log_beta(double a, double b)
{
	return log_gamma(a) + log_gamma(b) - log_gamma(a + b);
}

double
log_gamma(double x)
{
	int sign;

	return lgamma_r(x, &sign);
}

double
digamma(double x)
{
	double r = 0, f;

	if (!(x > 0))
		return NAN;
	/* psi(x) = psi(x + 1) - 1/x until the asymptotic series is exact. */
	while (x < 6) {
		r -= 1 / x;
		x += 1;
	}
	f = 1 / (x * x);
	return r + log(x) - 0.5 / x -
	       f * (1.0 / 12 -
	            f * (1.0 / 120 -
	                 f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}
