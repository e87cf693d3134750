/*
 * bgnbd.c - BG/NBD likelihood, fit and closed forms (see bgnbd.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgnbd.h"
#include "optim.h"
#include "specfun.h"
#include "xalloc.h"

#define LOG_LIMIT CLV_LOG_LIMIT

double
bgnbd_loglik_one(const struct bgnbd_params *p, long x, double t_x, double T)
{
	double rx = p->r + x;
	double head = log_gamma(rx) - log_gamma(p->r) + p->r * log(p->alpha) +
	              log_beta(p->a, p->b + x) - log_beta(p->a, p->b);
	double alive = -rx * log(p->alpha + T);

	if (x == 0)
		return head + alive;
	return head + log_add_exp(alive, log(p->a) - log(p->b + x - 1) -
	                                     rx * log(p->alpha + t_x));
}

/* Scratch space for the grouped log-likelihood. */
struct ll_ctx {
	const struct clv_groups *g;
	double *log_T, *log_tx, *inv_T, *inv_tx;
};

static double
loglik_grouped(const struct bgnbd_params *p, struct ll_ctx *c)
{
	const struct clv_groups *g = c->g;
	double sum = 0, head = 0, log_a = log(p->a), drop = 0, rx = 0;
	double base = -log_gamma(p->r) + p->r * log(p->alpha) +
	              log_gamma(p->a + p->b) - log_gamma(p->b);
	long x = -1;
	size_t i;

	for (i = 0; i < g->n_T; i++)
		c->log_T[i] = log(p->alpha + g->T_values[i]);
	for (i = 0; i < g->n_tx; i++)
		c->log_tx[i] = log(p->alpha + g->tx_values[i]);
	/* Groups are sorted by x: the x terms change rarely. */
	for (i = 0; i < g->n; i++) {
		const struct clv_group *gr = &g->g[i];
		double ll;

		if (gr->x != x) {
			x = gr->x;
			rx = p->r + x;
			head = base + log_gamma(rx) + log_gamma(p->b + x) -
			       log_gamma(p->a + p->b + x);
			drop = x > 0 ? log_a - log(p->b + x - 1) : 0;
		}
		ll = -rx * c->log_T[gr->i_T];
		if (x > 0)
			ll = log_add_exp(ll, drop - rx * c->log_tx[gr->i_tx]);
		sum += gr->weight * (head + ll);
	}
	return sum;
}

/*
 * The log-likelihood and its gradient with respect to (r, alpha, a, b),
 * in one pass over the groups.  With pi the posterior weight of the
 * "still alive" term of the mixture (1 when x = 0), per group:
 *
 *   d/dr     = psi(r+x) - psi(r) + ln alpha - pi ln(alpha+T)
 *		- (1-pi) ln(alpha+t_x)
 *   d/dalpha = r/alpha - (r+x) (pi/(alpha+T) + (1-pi)/(alpha+t_x))
 *   d/da     = psi(a+b) - psi(a+b+x) + (1-pi)/a
 *   d/db     = psi(a+b) + psi(b+x) - psi(b) - psi(a+b+x)
 *		- (1-pi)/(b+x-1)
 */
static double
loglik_gradient(const struct bgnbd_params *p, struct ll_ctx *c, double *grad)
{
	const struct clv_groups *g = c->g;
	double sum = 0, head = 0, log_a = log(p->a), drop = 0, rx = 0;
	double base = -log_gamma(p->r) + p->r * log(p->alpha) +
	              log_gamma(p->a + p->b) - log_gamma(p->b);
	double dr0 = -digamma(p->r) + log(p->alpha), dal0 = p->r / p->alpha;
	double dab = digamma(p->a + p->b), db0 = dab - digamma(p->b);
	double hr = 0, ha = 0, hb = 0, gr_r = 0, gr_al = 0, gr_a = 0, gr_b = 0;
	double sw = 0, inv_bx = 0, u, v, e, pi, w, lT, ltx;
	long x = -1;
	size_t i;

	for (i = 0; i < g->n_T; i++) {
		c->log_T[i] = log(p->alpha + g->T_values[i]);
		c->inv_T[i] = 1 / (p->alpha + g->T_values[i]);
	}
	for (i = 0; i < g->n_tx; i++) {
		c->log_tx[i] = log(p->alpha + g->tx_values[i]);
		c->inv_tx[i] = 1 / (p->alpha + g->tx_values[i]);
	}
	for (i = 0; i < g->n; i++) {
		const struct clv_group *gr = &g->g[i];

		if (gr->x != x) {
			x = gr->x;
			rx = p->r + x;
			head = base + log_gamma(rx) + log_gamma(p->b + x) -
			       log_gamma(p->a + p->b + x);
			hr = dr0 + digamma(rx);
			ha = dab - digamma(p->a + p->b + x);
			hb = db0 + digamma(p->b + x) - digamma(p->a + p->b + x);
			drop = x > 0 ? log_a - log(p->b + x - 1) : 0;
			inv_bx = x > 0 ? 1 / (p->b + x - 1) : 0;
		}
		w = gr->weight;
		lT = c->log_T[gr->i_T];
		u = -rx * lT;
		if (x == 0) {
			sum += w * (head + u);
			gr_r += w * (hr - lT);
			gr_al -= w * rx * c->inv_T[gr->i_T];
			gr_a += w * ha;
			gr_b += w * hb;
			sw += w;
			continue;
		}
		ltx = c->log_tx[gr->i_tx];
		v = drop - rx * ltx;
		/* pi = e^u / (e^u + e^v), with one exp and one log1p. */
		e = exp(-fabs(u - v));
		pi = u >= v ? 1 / (1 + e) : e / (1 + e);
		sum += w * (head + (u >= v ? u : v) + log1p(e));
		gr_r += w * (hr - pi * lT - (1 - pi) * ltx);
		gr_al -=
		    w * rx *
		    (pi * c->inv_T[gr->i_T] + (1 - pi) * c->inv_tx[gr->i_tx]);
		gr_a += w * (ha + (1 - pi) / p->a);
		gr_b += w * (hb - (1 - pi) * inv_bx);
		sw += w;
	}
	grad[0] = gr_r;
	grad[1] = gr_al + sw * dal0;
	grad[2] = gr_a;
	grad[3] = gr_b;
	return sum;
}

double
bgnbd_loglik(const struct bgnbd_params *p, const struct clv_groups *g)
{
	struct ll_ctx c = {g, NULL, NULL, NULL, NULL};
	double ll;

	c.log_T = xmalloc((g->n_T + 1) * sizeof(double));
	c.log_tx = xmalloc((g->n_tx + 1) * sizeof(double));
	ll = loglik_grouped(p, &c);
	free(c.log_T);
	free(c.log_tx);
	return ll;
}

double
bgnbd_loglik_gradient(const struct bgnbd_params *p, const struct clv_groups *g,
                      double *grad)
{
	struct ll_ctx c = {g, NULL, NULL, NULL, NULL};
	double ll;

	c.log_T = xmalloc((g->n_T + 1) * sizeof(double));
	c.log_tx = xmalloc((g->n_tx + 1) * sizeof(double));
	c.inv_T = xmalloc((g->n_T + 1) * sizeof(double));
	c.inv_tx = xmalloc((g->n_tx + 1) * sizeof(double));
	ll = loglik_gradient(p, &c, grad);
	free(c.log_T);
	free(c.log_tx);
	free(c.inv_T);
	free(c.inv_tx);
	return ll;
}

static void
from_logs(const double *v, struct bgnbd_params *p)
{
	p->r = exp(v[0]);
	p->alpha = exp(v[1]);
	p->a = exp(v[2]);
	p->b = exp(v[3]);
}

/* The function optim minimises: -LL at log parameters. */
static double
neg_loglik(const double *v, void *ctx)
{
	struct bgnbd_params p;

	if (!clv_logs_within(v, 4, 3 * LOG_LIMIT))
		return INFINITY;
	from_logs(v, &p);
	return -loglik_grouped(&p, ctx);
}

/* -LL and its gradient with respect to the log parameters. */
static double
neg_loglik_grad(const double *v, double *grad, void *ctx)
{
	struct bgnbd_params p;
	double g[4], ll;
	int i;

	if (!clv_logs_within(v, 4, 3 * LOG_LIMIT)) {
		for (i = 0; i < 4; i++)
			grad[i] = 0;
		return INFINITY;
	}
	from_logs(v, &p);
	ll = loglik_gradient(&p, ctx, g);
	grad[0] = -p.r * g[0];
	grad[1] = -p.alpha * g[1];
	grad[2] = -p.a * g[2];
	grad[3] = -p.b * g[3];
	return -ll;
}

/* The best of a few starting points scaled to the purchase rate. */
static void
starting_point(const struct clv_groups *g, struct ll_ctx *c, double *v)
{
	static const double rs[] = {0.25, 1}, as[] = {0.5, 1}, bs[] = {1, 4};
	double sx = 0, sT = 0, rate, best = INFINITY, f, t[4];
	size_t i;
	int ir, ia, ib;

	for (i = 0; i < g->n; i++) {
		sx += g->g[i].weight * g->g[i].x;
		sT += g->g[i].weight * g->g[i].T;
	}
	rate = sT > 0 && sx > 0 ? sx / sT : 1;
	for (ir = 0; ir < 2; ir++)
		for (ia = 0; ia < 2; ia++)
			for (ib = 0; ib < 2; ib++) {
				t[0] = log(rs[ir]);
				t[1] = log(rs[ir] / rate);
				t[2] = log(as[ia]);
				t[3] = log(bs[ib]);
				f = neg_loglik(t, c);
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

/*
 * Whether a parameter ran off to 0 or infinity; if so *why names them
 * (a static buffer: the purchase fit runs in one thread).
 */
static int
run_off(const double *v, const char **why)
{
	static const char *const names[] = {"r", "alpha", "a", "b"};
	static char msg[200];
	int i, n = 0, rate = 0;

	msg[0] = '\0';
	msg_append(msg, sizeof(msg), "the bgnbd fit did not converge:");
	for (i = 0; i < 4; i++)
		if (!(fabs(v[i]) < LOG_LIMIT)) {
			msg_append(msg, sizeof(msg), n++ ? ", " : " ");
			msg_append(msg, sizeof(msg), names[i]);
			rate |= i < 2;
		}
	if (n == 0)
		return 0;
	msg_append(msg, sizeof(msg), n > 1 ? " run off" : " runs off");
	msg_append(msg, sizeof(msg),
	           rate ? " to 0 or infinity (too little spread in purchase "
	                  "rates, or no sign of dropout?)"
	                : " to 0 or infinity (no sign of dropout?)");
	*why = msg;
	return 1;
}

int
bgnbd_fit(const struct clv_groups *g, struct bgnbd_params *p,
          struct clv_fit *fit, const char **why)
{
	struct ll_ctx c = {g, NULL, NULL, NULL, NULL};
	struct optim_result res;
	double v[4], h[16], cov[16];
	int i, converged, rc = -1;
	size_t k;

	memset(fit, 0, sizeof(*fit));
	fit->nparams = 4;
	for (i = 0; i < 4; i++)
		fit->se[i] = NAN;
	if (g->repeat_buyers < CLV_MIN_REPEAT_BUYERS) {
		*why = "too few repeat buyers to fit the bgnbd model (need at "
		       "least 10)";
		return -1;
	}
	c.log_T = xmalloc((g->n_T + 1) * sizeof(double));
	c.log_tx = xmalloc((g->n_tx + 1) * sizeof(double));
	c.inv_T = xmalloc((g->n_T + 1) * sizeof(double));
	c.inv_tx = xmalloc((g->n_tx + 1) * sizeof(double));
	starting_point(g, &c, v);
	converged = optim_minimize_grad(neg_loglik, neg_loglik_grad, &c, 4, v,
	                                &res) == 0;
	from_logs(v, p);
	fit->loglik = -res.f;
	fit->iterations = res.iterations;
	for (k = 0; k < g->n; k++)
		fit->customers += (size_t)g->g[k].weight;
	fit->value[0] = p->r;
	fit->value[1] = p->alpha;
	fit->value[2] = p->a;
	fit->value[3] = p->b;
	if (run_off(v, why))
		goto out;
	if (!converged || !isfinite(fit->loglik)) {
		*why = "the bgnbd fit did not converge";
		goto out;
	}
	optim_hessian_grad(neg_loglik_grad, &c, 4, v, 1e-5, h);
	if (optim_invert_spd(4, h, cov) != 0) {
		*why = "the bgnbd fit did not converge: the likelihood is flat "
		       "at its maximum (parameters not identified)";
		goto out;
	}
	for (i = 0; i < 4; i++)
		fit->se[i] = fit->value[i] * sqrt(cov[i * 4 + i]);
	rc = 0;
out:
	free(c.log_T);
	free(c.log_tx);
	free(c.inv_T);
	free(c.inv_tx);
	return rc;
}

double
bgnbd_p_alive(const struct bgnbd_params *p, long x, double t_x, double T)
{
	double odds;

	if (x == 0)
		return 1;
	odds = log(p->a) - log(p->b + x - 1) +
	       (p->r + x) * (log(p->alpha + T) - log(p->alpha + t_x));
	return 1 / (1 + exp(odds));
}

/* E[Y(t)] given alive, for a != 1. */
static double
expected_if_alive(double r, double alpha, double a, double b, long x, double T,
                  double t)
{
	double z = t / (alpha + T + t);
	double f = hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);

	return (a + b + x - 1) / (a - 1) * (1 - pow(1 - z, a - 1) * f);
}

double
bgnbd_expected(const struct bgnbd_params *p, long x, double t_x, double T,
               double t)
{
	double e;

	if (t <= 0)
		return 0;
	if (fabs(p->a - 1) < 1e-6)
		/* a = 1 is a removable singularity: average both sides. */
		e = (expected_if_alive(p->r, p->alpha, 1 - 1e-6, p->b, x, T,
		                       t) +
		     expected_if_alive(p->r, p->alpha, 1 + 1e-6, p->b, x, T,
		                       t)) /
		    2;
	else
		e = expected_if_alive(p->r, p->alpha, p->a, p->b, x, T, t);
	return e * bgnbd_p_alive(p, x, t_x, T);
}

double
bgnbd_expected_new(const struct bgnbd_params *p, double t)
{
	return bgnbd_expected(p, 0, 0, 0, t);
}

double
bgnbd_pmf(const struct bgnbd_params *p, long n, double t)
{
	double lq = log(p->alpha / (p->alpha + t)),
	       lz = log(t / (p->alpha + t));
	double first, tail = 0, lterm;
	long j;

	first = exp(log_beta(p->a, p->b + n) - log_beta(p->a, p->b) +
	            log_gamma(p->r + n) - log_gamma(p->r) - log_gamma(n + 1.0) +
	            p->r * lq + (n > 0 ? n * lz : 0));
	if (n == 0)
		return first;
	for (j = 0; j < n; j++) {
		lterm = log_gamma(p->r + j) - log_gamma(p->r) -
		        log_gamma(j + 1.0) + p->r * lq + (j > 0 ? j * lz : 0);
		tail += exp(lterm);
	}
	return first +
	       exp(log_beta(p->a + 1, p->b + n - 1) - log_beta(p->a, p->b)) *
	           (1 - tail);
}
