/*
 * paretonbd.h - the Pareto/NBD model (Schmittlein, Morrison & Colombo
 * 1987), in the form of Fader, Hardie & Lee, "A Note on Deriving the
 * Pareto/NBD Model and Related Expressions" (2005).
 *
 * While alive a customer buys at rate lambda (Poisson); the lifetime is
 * exponential with rate mu.  lambda ~ gamma(r, alpha), mu ~ gamma(s,
 * beta).  With A0 below, the likelihood of (x, t_x, T) is
 *
 *   L = G(r+x) alpha^r beta^s / G(r) *
 *	 [ 1 / ((alpha+T)^(r+x) (beta+T)^s) + s/(r+s+x) A0 ]
 *
 * where for alpha >= beta (swap alpha <-> beta and use r+x for s+1
 * otherwise), with F(y) = 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+y)):
 *
 *   A0 = F(t_x) / (alpha+t_x)^(r+s+x) - F(T) / (alpha+T)^(r+s+x)
 *
 *   P(alive) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0)
 *   E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1))
 *	 [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)
 *
 * (the last needs s != 1; at s = 1 its limit (r+x)(beta+T)/(alpha+T)
 * ln((beta+T+t)/(beta+T)) is used).  Everything is computed in logs.
 */
#ifndef RMKIT_PARETONBD_H
#define RMKIT_PARETONBD_H

#include "clv_summary.h"

struct pnbd_params {
	double r, alpha, s, beta;
};

/* The log-likelihood of one customer (NaN when 2F1 fails). */
double pnbd_loglik_one(const struct pnbd_params *p, long x, double t_x,
                       double T);

/* Fit r, alpha, s, beta by maximum likelihood; as bgnbd_fit(). */
int pnbd_fit(const struct clv_groups *g, struct pnbd_params *p,
             struct clv_fit *fit, const char **why);

double pnbd_p_alive(const struct pnbd_params *p, long x, double t_x, double T);

double pnbd_expected(const struct pnbd_params *p, long x, double t_x, double T,
                     double t);

#endif
