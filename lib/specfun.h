/*
 * specfun.h - special functions for the customer-base models.
 *
 * lgamma() from libm covers the gamma function; this module adds the
 * Gauss hypergeometric function 2F1 and a few numerically careful helpers
 * used in log-likelihoods.
 */
#ifndef RMKIT_SPECFUN_H
#define RMKIT_SPECFUN_H

/*
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real a, b, c and
 * real z < 1, with c not a non-positive integer.
 *
 *	z in [-0.5, 0.8]  the defining power series, summed until a term is
 *			  below 1e-17 of the sum (at most 500000 terms)
 *	z > 0.8		  the series when it converges within 500 terms, else
 *			  the linear transformation to 1 - z (Abramowitz &
 *			  Stegun 15.3.6); when c - a - b is within 1e-4 of an
 *			  integer (where that formula has poles) the value is
 *			  interpolated between c - a - b shifted to either
 *			  side of the integer, good to about 1e-8 relative
 *	z < -0.5	  the Pfaff transformation to z / (z - 1), in (0, 1)
 *
 * Returns NaN when the series does not converge or z >= 1; callers treat
 * NaN as a failure, never print it.
 */
double hyp2f1(double a, double b, double c, double z);

/* log(exp(u) + exp(v)) without overflow; -inf arguments are allowed. */
double log_add_exp(double u, double v);

/*
 * ln |Gamma(x)|, like lgamma() but without touching the global signgam,
 * so fits may run in threads.
 */
double log_gamma(double x);

/* The digamma function psi(x) = d ln Gamma(x) / dx for x > 0 (else NaN). */
double digamma(double x);

/* log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b). */
double log_beta(double a, double b);

#endif
