/*
 * gammagamma.h - the Gamma-Gamma model of spend per purchase (Fader &
 * Hardie, "The Gamma-Gamma Model of Monetary Value", 2013; Colombo &
 * Jiang 1999).
 *
 * A customer's purchase values are gamma(p, nu) distributed around their
 * own mean p / nu; across customers nu is gamma(q, gamma).  Fitted on the
 * repeat buyers (x > 0) with a positive mean repeat purchase value m_x,
 * the log-likelihood of one customer is
 *
 *   ln G(px+q) - ln G(px) - ln G(q) + q ln gamma + (px-1) ln m_x
 *	+ px ln x - (px+q) ln(gamma + x m_x)
 *
 * and a customer's expected spend per purchase is
 *
 *   E[M | x, m_x] = (gamma + x m_x) p / (px + q - 1)
 *
 * which is the population mean p gamma / (q - 1) for x = 0 (it needs
 * q > 1).
 */
#ifndef RMKIT_GAMMAGAMMA_H
#define RMKIT_GAMMAGAMMA_H

#include "clv_summary.h"

struct gg_params {
	double p, q, gamma;
};

/* The log-likelihood of one customer with x > 0 and m > 0. */
double gg_loglik_one(const struct gg_params *g, long x, double m);

/*
 * Fit p, q, gamma on the customers of s with x > 0 and a monetary value
 * > 0 (see bgnbd_fit() for fit and the return value).  Fails also when
 * q <= 1 (the mean spend would be infinite).
 */
int gg_fit(const struct clv_summary *s, struct gg_params *g,
           struct clv_fit *fit, const char **why);

/*
 * E[M | x, m]; the population mean when x is 0 or m is NaN (no value
 * known).
 */
double gg_expected_spend(const struct gg_params *g, long x, double m);

#endif
