/*
 * gammagamma.c - Gamma-Gamma spend model (see gammagamma.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gammagamma.h"
#include "optim.h"
#include "specfun.h"
#include "xalloc.h"

#define LOG_LIMIT CLV_LOG_LIMIT

double
gg_loglik_one(const struct gg_params *g, long x, double m)
{
	double px = g->p * x;

	return log_gamma(px + g->q) - log_gamma(px) - log_gamma(g->q) +
	       g->q * log(g->gamma) + (px - 1) * log(m) + px * log((double)x) -
	       (px + g->q) * log(g->gamma + x * m);
}

/*
 * The repeat buyers, sorted by x and m (so the sum, hence the fit, does
 * not depend on the input order), with their log m precomputed.
 */
struct buyer {
	long x;
	double m, log_m;
};

struct gg_ctx {
	struct buyer *b;
	size_t n;
};

static int
cmp_buyer(const void *pa, const void *pb)
{
	const struct buyer *a = pa, *b = pb;

	if (a->x != b->x)
		return (a->x > b->x) - (a->x < b->x);
	return (a->m > b->m) - (a->m < b->m);
}

/*
 * The part of a buyer's log-likelihood that depends on x only (px = p x,
 * lq = ln Gamma(q), lgam = q ln gamma), shared by buyers sorted by x.
 */
static double
head_term(long x, double px, double q, double lq, double lgam)
{
	return log_gamma(px + q) - log_gamma(px) - lq + lgam +
	       px * log((double)x);
}

static double
neg_loglik(const double *v, void *ctx)
{
	struct gg_ctx *c = ctx;
	double p, q, gamma, sum = 0, head = 0, px = 0, lq, lgam;
	long x = -1;
	size_t i;

	if (!clv_logs_within(v, 3, 3 * LOG_LIMIT))
		return INFINITY;
	p = exp(v[0]);
	q = exp(v[1]);
	gamma = exp(v[2]);
	lq = log_gamma(q);
	lgam = q * log(gamma);
	for (i = 0; i < c->n; i++) {
		const struct buyer *b = &c->b[i];

		if (b->x != x) {
			x = b->x;
			px = p * x;
			head = head_term(x, px, q, lq, lgam);
		}
		sum += head + (px - 1) * b->log_m -
		       (px + q) * log(gamma + x * b->m);
	}
	return -sum;
}

/*
 * -LL and its gradient with respect to the log parameters, per buyer
 *
 *   d/dp     = x [psi(px+q) - psi(px) + ln m + ln x - ln(gamma + x m)]
 *   d/dq     = psi(px+q) - psi(q) + ln gamma - ln(gamma + x m)
 *   d/dgamma = q/gamma - (px+q)/(gamma + x m)
 */
static double
neg_loglik_grad(const double *v, double *grad, void *ctx)
{
	struct gg_ctx *c = ctx;
	double p, q, gamma, sum = 0, head = 0, px = 0, lq, lgam, hp = 0, hq = 0,
	                    dq0, gp = 0, gq = 0, gg = 0, l;
	long x = -1;
	size_t i;

	if (!clv_logs_within(v, 3, 3 * LOG_LIMIT)) {
		grad[0] = grad[1] = grad[2] = 0;
		return INFINITY;
	}
	p = exp(v[0]);
	q = exp(v[1]);
	gamma = exp(v[2]);
	lq = log_gamma(q);
	lgam = q * log(gamma);
	dq0 = -digamma(q) + log(gamma);
	for (i = 0; i < c->n; i++) {
		const struct buyer *b = &c->b[i];

		if (b->x != x) {
			x = b->x;
			px = p * x;
			head = head_term(x, px, q, lq, lgam);
			hp = x *
			     (digamma(px + q) - digamma(px) + log((double)x));
			hq = dq0 + digamma(px + q);
		}
		l = log(gamma + x * b->m);
		sum += head + (px - 1) * b->log_m - (px + q) * l;
		gp += hp + x * (b->log_m - l);
		gq += hq - l;
		gg += q / gamma - (px + q) / (gamma + x * b->m);
	}
	grad[0] = -p * gp;
	grad[1] = -q * gq;
	grad[2] = -gamma * gg;
	return -sum;
}

int
gg_fit(const struct clv_summary *s, struct gg_params *g, struct clv_fit *fit,
       const char **why)
{
	struct gg_ctx c = {NULL, 0};
	struct optim_result res;
	double v[3], h[9], cov[9], mean = 0, best = INFINITY, f, t[3];
	static const double ps[] = {1, 4}, qs[] = {2, 4};
	int i, j, converged, rc = -1;
	size_t k;

	memset(fit, 0, sizeof(*fit));
	fit->nparams = 3;
	for (i = 0; i < 3; i++)
		fit->se[i] = NAN;
	c.b = xmalloc((s->n ? s->n : 1) * sizeof(*c.b));
	for (k = 0; k < s->n; k++)
		if (s->c[k].x > 0 && s->c[k].monetary > 0) {
			c.b[c.n].x = s->c[k].x;
			c.b[c.n].m = s->c[k].monetary;
			c.b[c.n].log_m = log(s->c[k].monetary);
			c.n++;
		}
	fit->customers = c.n;
	if (c.n < CLV_MIN_REPEAT_BUYERS) {
		*why = "too few repeat buyers with a positive spend to fit the "
		       "gamma-gamma model (need at least 10)";
		goto out;
	}
	qsort(c.b, c.n, sizeof(*c.b), cmp_buyer);
	/*
	 * Fit in units of the mean spend (gamma scales with the currency),
	 * summed in sorted order so the fit does not depend on input order.
	 */
	for (k = 0; k < c.n; k++)
		mean += c.b[k].m;
	mean /= c.n;
	for (k = 0; k < c.n; k++) {
		c.b[k].m /= mean;
		c.b[k].log_m -= log(mean);
	}
	/* Start where the population mean p gamma / (q - 1) is the mean. */
	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++) {
			t[0] = log(ps[i]);
			t[1] = log(qs[j]);
			t[2] = log((qs[j] - 1) / ps[i]);
			f = neg_loglik(t, &c);
			if (f < best) {
				best = f;
				memcpy(v, t, sizeof(t));
			}
		}
	converged = optim_minimize_grad(neg_loglik, neg_loglik_grad, &c, 3, v,
	                                &res) == 0;
	g->p = exp(v[0]);
	g->q = exp(v[1]);
	g->gamma = exp(v[2]) * mean;
	fit->value[0] = g->p;
	fit->value[1] = g->q;
	fit->value[2] = g->gamma;
	fit->loglik = -res.f - c.n * log(mean);
	fit->iterations = res.iterations;
	if (!clv_logs_within(v, 3, LOG_LIMIT)) {
		*why = "the gamma-gamma fit did not converge: a "
		       "parameter runs off to 0 or infinity";
		goto out;
	}
	if (!converged || !isfinite(fit->loglik)) {
		*why = "the gamma-gamma fit did not converge";
		goto out;
	}
	if (!(g->q > 1)) {
		*why = "the gamma-gamma fit gives q <= 1: the mean spend is "
		       "infinite (too heavy a tail of large spenders)";
		goto out;
	}
	optim_hessian_grad(neg_loglik_grad, &c, 3, v, 1e-5, h);
	if (optim_invert_spd(3, h, cov) != 0) {
		*why = "the gamma-gamma fit did not converge: the likelihood "
		       "is flat "
		       "at its maximum (parameters not identified)";
		goto out;
	}
	for (i = 0; i < 3; i++)
		fit->se[i] = fit->value[i] * sqrt(cov[i * 3 + i]);
	rc = 0;
out:
	free(c.b);
	return rc;
}

double
gg_expected_spend(const struct gg_params *g, long x, double m)
{
	if (x == 0 || isnan(m))
		return g->p * g->gamma / (g->q - 1);
	return (g->gamma + x * m) * g->p / (g->p * x + g->q - 1);
}
