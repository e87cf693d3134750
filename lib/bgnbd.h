/*
 * bgnbd.h - the BG/NBD model of Fader, Hardie & Lee (2005), "Counting
 * your customers the easy way".
 *
 * While alive a customer buys at rate lambda (a Poisson process); after
 * each purchase they drop out with probability p.  Across customers lambda
 * is gamma(r, alpha) distributed and p beta(a, b).  Times are in the
 * summary's unit (clv_summary.h): alpha is in units, r, a, b have none.
 *
 * Formulas (FHL 2005, eq. 6, 9, 10 and the appendix), with the indicator
 * d = 1 when x > 0:
 *
 *   LL = ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x) - ln B(a, b)
 *	  + ln[ (alpha+T)^-(r+x) + d a/(b+x-1) (alpha+t_x)^-(r+x) ]
 *   P(alive) = 1 / (1 + d a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
 *   E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1)
 *	  [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)]
 *	  * P(alive),  z = t/(alpha+T+t)
 *
 * 2F1 is evaluated after Euler's transformation, ((1-z)^(r+x) 2F1(...) =
 * (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z)), whose parameters do not grow
 * with x.  E[X(t)] (a new customer) is E[Y(t) | 0, 0, 0].
 */
#ifndef RMKIT_BGNBD_H
#define RMKIT_BGNBD_H

#include "clv_summary.h"

struct bgnbd_params {
	double r, alpha, a, b;
};

/* The log-likelihood of one customer. */
double bgnbd_loglik_one(const struct bgnbd_params *p, long x, double t_x,
                        double T);

/* The weighted log-likelihood of the grouped customers. */
double bgnbd_loglik(const struct bgnbd_params *p, const struct clv_groups *g);

/*
 * The same, and its gradient with respect to (r, alpha, a, b) in grad
 * (4 values).  The fit uses it (BFGS and Newton, optim.h).
 */
double bgnbd_loglik_gradient(const struct bgnbd_params *p,
                             const struct clv_groups *g, double *grad);

/*
 * Fit r, alpha, a, b by maximum likelihood (optim_minimize_grad() on the
 * logarithms of the parameters, from the best of a few data-scaled
 * starting points).
 * fit gets the values, standard errors (from the Hessian of the
 * log-likelihood), log-likelihood and iterations.  Returns 0, or -1 with
 * a message in why (a static string) when there are fewer than
 * CLV_MIN_REPEAT_BUYERS repeat buyers, the optimiser did not converge, or
 * a parameter ran off to 0 or infinity.
 */
int bgnbd_fit(const struct clv_groups *g, struct bgnbd_params *p,
              struct clv_fit *fit, const char **why);

/* P(alive | x, t_x, T). */
double bgnbd_p_alive(const struct bgnbd_params *p, long x, double t_x,
                     double T);

/*
 * E[Y(t) | x, t_x, T]: expected purchases in the next t units.  NaN only
 * when 2F1 fails (callers report that).
 */
double bgnbd_expected(const struct bgnbd_params *p, long x, double t_x,
                      double T, double t);

/* E[X(t)]: expected purchases of a new customer in t units. */
double bgnbd_expected_new(const struct bgnbd_params *p, double t);

/* P(X(t) = n) for a new customer (FHL 2005, eq. 8). */
double bgnbd_pmf(const struct bgnbd_params *p, long n, double t);

#endif
