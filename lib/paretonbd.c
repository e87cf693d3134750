/*
 * paretonbd.c - Pareto/NBD likelihood, fit and closed forms (paretonbd.h).
 *
 * The 2F1 of the likelihood is taken through Euler's transformation,
 *
 *   2F1(r+s+x, s+1; r+s+x+1; z) = (1-z)^-s 2F1(1, r+x; r+s+x+1; z)
 *   2F1(r+s+x, r+x; r+s+x+1; z) = (1-z)^(1-r-x) 2F1(1, s+1; r+s+x+1; z)
 *
 * whose series do not slow down as x grows, and everything is kept in
 * logarithms (1 - z = (alpha2 + y) / (alpha1 + y)).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optim.h"
#include "paretonbd.h"
#include "specfun.h"
#include "xalloc.h"

#define LOG_LIMIT CLV_LOG_LIMIT

/* ln F(y) / (alpha1 + y)^(r+s+x), the two terms of A0. */
static double
log_term(const struct pnbd_params *p, long x, double y)
{
	double a1 = p->alpha >= p->beta ? p->alpha : p->beta;
	double a2 = p->alpha >= p->beta ? p->beta : p->alpha;
	double rsx = p->r + p->s + x, z = (a1 - a2) / (a1 + y);
	double log1mz = log(a2 + y) - log(a1 + y), f;

	if (p->alpha >= p->beta) {
		f = hyp2f1(1, p->r + x, rsx + 1, z);
		return -p->s * log1mz + log(f) - rsx * log(a1 + y);
	}
	f = hyp2f1(1, p->s + 1, rsx + 1, z);
	return (1 - p->r - x) * log1mz + log(f) - rsx * log(a1 + y);
}

/* ln A0 (-inf when t_x = T). */
static double
log_a0(const struct pnbd_params *p, long x, double t_x, double T)
{
	double l1 = log_term(p, x, t_x), l2 = log_term(p, x, T);

	if (!(l2 < l1))
		return -INFINITY;
	return l1 + log1p(-exp(l2 - l1));
}

double
pnbd_loglik_one(const struct pnbd_params *p, long x, double t_x, double T)
{
	double rsx = p->r + p->s + x;
	double head = log_gamma(p->r + x) - log_gamma(p->r) +
	              p->r * log(p->alpha) + p->s * log(p->beta);
	double alive =
	    -(p->r + x) * log(p->alpha + T) - p->s * log(p->beta + T);

	return head +
	       log_add_exp(alive, log(p->s / rsx) + log_a0(p, x, t_x, T));
}

static double
loglik_grouped(const struct pnbd_params *p, const struct clv_groups *g)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < g->n; i++)
		sum += g->g[i].weight *
		       pnbd_loglik_one(p, g->g[i].x, g->g[i].t_x, g->g[i].T);
	return sum;
}

static void
from_logs(const double *v, struct pnbd_params *p)
{
	p->r = exp(v[0]);
	p->alpha = exp(v[1]);
	p->s = exp(v[2]);
	p->beta = exp(v[3]);
}

static double
neg_loglik(const double *v, void *ctx)
{
	struct pnbd_params p;

	if (!clv_logs_within(v, 4, 3 * LOG_LIMIT))
		return INFINITY;
	from_logs(v, &p);
	return -loglik_grouped(&p, ctx);
}

/* The best of a few starting points scaled to the data. */
static void
starting_point(const struct clv_groups *g, double *v)
{
	static const double rs[] = {0.5, 1}, ss[] = {0.5, 1}, bs[] = {1, 4};
	double sx = 0, sT = 0, w = 0, rate, meanT, best = INFINITY, f, t[4];
	size_t i;
	int ir, is, ib;

	for (i = 0; i < g->n; i++) {
		sx += g->g[i].weight * g->g[i].x;
		sT += g->g[i].weight * g->g[i].T;
		w += g->g[i].weight;
	}
	rate = sT > 0 && sx > 0 ? sx / sT : 1;
	meanT = w > 0 && sT > 0 ? sT / w : 1;
	for (ir = 0; ir < 2; ir++)
		for (is = 0; is < 2; is++)
			for (ib = 0; ib < 2; ib++) {
				t[0] = log(rs[ir]);
				t[1] = log(rs[ir] / rate);
				t[2] = log(ss[is]);
				t[3] = log(ss[is] * meanT * bs[ib] / 4);
				f = neg_loglik(t, (void *)g);
				if (f < best) {
					best = f;
					memcpy(v, t, sizeof(t));
				}
			}
}

/* Append s to the message in msg (size bytes), cut to fit. */
static void
msg_append(char *msg, size_t size, const char *s)
{
	size_t len = strlen(msg);

	(void)snprintf(msg + len, size - len, "%s", s);
}

/* Whether a parameter ran off to 0 or infinity; *why names them. */
static int
run_off(const double *v, const char **why)
{
	static const char *const names[] = {"r", "alpha", "s", "beta"};
	static char msg[200];
	int i, n = 0;

	msg[0] = '\0';
	msg_append(msg, sizeof(msg), "the pareto fit did not converge:");
	for (i = 0; i < 4; i++)
		if (!(fabs(v[i]) < LOG_LIMIT)) {
			msg_append(msg, sizeof(msg), n++ ? ", " : " ");
			msg_append(msg, sizeof(msg), names[i]);
		}
	if (n == 0)
		return 0;
	msg_append(msg, sizeof(msg),
	           n > 1 ? " run off to 0 or infinity"
	                 : " runs off to 0 or infinity");
	*why = msg;
	return 1;
}

int
pnbd_fit(const struct clv_groups *g, struct pnbd_params *p, struct clv_fit *fit,
         const char **why)
{
	struct optim_result res;
	double v[4], h[16], cov[16];
	int i, converged;
	size_t k;

	memset(fit, 0, sizeof(*fit));
	fit->nparams = 4;
	for (i = 0; i < 4; i++)
		fit->se[i] = NAN;
	if (g->repeat_buyers < CLV_MIN_REPEAT_BUYERS) {
		*why = "too few repeat buyers to fit the pareto model (need at "
		       "least 10)";
		return -1;
	}
	starting_point(g, v);
	converged = optim_minimize(neg_loglik, (void *)g, 4, v, &res) == 0;
	from_logs(v, p);
	fit->loglik = -res.f;
	fit->iterations = res.iterations;
	for (k = 0; k < g->n; k++)
		fit->customers += (size_t)g->g[k].weight;
	fit->value[0] = p->r;
	fit->value[1] = p->alpha;
	fit->value[2] = p->s;
	fit->value[3] = p->beta;
	if (run_off(v, why))
		return -1;
	if (!converged || !isfinite(fit->loglik)) {
		*why = "the pareto fit did not converge";
		return -1;
	}
	optim_hessian(neg_loglik, (void *)g, 4, v, 1e-4, h);
	if (optim_invert_spd(4, h, cov) != 0) {
		*why =
		    "the pareto fit did not converge: the likelihood is flat "
		    "at its maximum (parameters not identified)";
		return -1;
	}
	for (i = 0; i < 4; i++)
		fit->se[i] = fit->value[i] * sqrt(cov[i * 4 + i]);
	return 0;
}

double
pnbd_p_alive(const struct pnbd_params *p, long x, double t_x, double T)
{
	double odds = log(p->s / (p->r + p->s + x)) +
	              (p->r + x) * log(p->alpha + T) + p->s * log(p->beta + T) +
	              log_a0(p, x, t_x, T);

	return 1 / (1 + exp(odds));
}

double
pnbd_expected(const struct pnbd_params *p, long x, double t_x, double T,
              double t)
{
	double l, bracket;

	if (t <= 0)
		return 0;
	/* [1 - ((beta+T)/(beta+T+t))^(s-1)] / (s-1), also near s = 1. */
	l = log1p(t / (p->beta + T));
	bracket =
	    fabs(p->s - 1) < 1e-12 ? l : -expm1(-(p->s - 1) * l) / (p->s - 1);
	return (p->r + x) * (p->beta + T) / (p->alpha + T) * bracket *
	       pnbd_p_alive(p, x, t_x, T);
}
