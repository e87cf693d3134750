/*
 * optim.c - Nelder-Mead with restarts, then a Newton polish (optim.h).
 */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "optim.h"

#define NM_MAX_ITER 5000
#define NM_MAX_RESTARTS 8
#define NM_FTOL 1e-10
#define NM_FTOL_FAST 1e-6
#define NM_STEP 0.5
#define NEWTON_MAX_ITER 30
#define BFGS_MAX_ITER 200
#define DIFF_STEP 1e-4
#define GRAD_TOL 1e-5
#define GRAD_TIGHT 1e-10
#define DECREMENT_TOL 1e-13

struct counted {
	optim_fn f;
	void *ctx;
	int evaluations;
};

static double
eval(struct counted *c, const double *x)
{
	double v = c->f(x, c->ctx);

	c->evaluations++;
	return isnan(v) ? INFINITY : v;
}

/* Sort the n + 1 simplex points by value, best first (insertion sort). */
static void
sort_simplex(int n, double p[][OPTIM_MAXDIM], double *fv)
{
	double tp[OPTIM_MAXDIM], tf;
	int i, j;

	for (i = 1; i <= n; i++) {
		memcpy(tp, p[i], sizeof(tp));
		tf = fv[i];
		for (j = i - 1; j >= 0 && fv[j] > tf; j--) {
			memcpy(p[j + 1], p[j], sizeof(tp));
			fv[j + 1] = fv[j];
		}
		memcpy(p[j + 1], tp, sizeof(tp));
		fv[j + 1] = tf;
	}
}

/* x = centroid + t * (centroid - worst). */
static void
along(int n, const double *cen, const double *worst, double t, double *x)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = cen[i] + t * (cen[i] - worst[i]);
}

/*
 * One Nelder-Mead run from x (standard coefficients 1, 2, 0.5, 0.5).
 * Leaves the best point in x and returns its value; *iter counts.
 */
static double
nelder_mead(struct counted *c, int n, double *x, double ftol, int *iter)
{
	double p[OPTIM_MAXDIM + 1][OPTIM_MAXDIM], fv[OPTIM_MAXDIM + 1];
	double cen[OPTIM_MAXDIM], xr[OPTIM_MAXDIM], xe[OPTIM_MAXDIM];
	double fr, fe, fc;
	int i, j, k;

	for (i = 0; i <= n; i++) {
		memcpy(p[i], x, sizeof(double) * n);
		if (i > 0)
			p[i][i - 1] += NM_STEP;
		fv[i] = eval(c, p[i]);
	}
	for (k = 0; k < NM_MAX_ITER; k++, (*iter)++) {
		sort_simplex(n, p, fv);
		if (fabs(fv[n] - fv[0]) <= ftol * (1 + fabs(fv[0])))
			break;
		for (j = 0; j < n; j++) {
			cen[j] = 0;
			for (i = 0; i < n; i++)
				cen[j] += p[i][j] / n;
		}
		along(n, cen, p[n], 1, xr);
		fr = eval(c, xr);
		if (fr < fv[0]) {
			along(n, cen, p[n], 2, xe);
			fe = eval(c, xe);
			if (fe < fr) {
				memcpy(p[n], xe, sizeof(double) * n);
				fv[n] = fe;
			} else {
				memcpy(p[n], xr, sizeof(double) * n);
				fv[n] = fr;
			}
			continue;
		}
		if (fr < fv[n - 1]) {
			memcpy(p[n], xr, sizeof(double) * n);
			fv[n] = fr;
			continue;
		}
		/* Contract outside when the reflection helped, else inside. */
		along(n, cen, p[n], fr < fv[n] ? 0.5 : -0.5, xe);
		fc = eval(c, xe);
		if (fc < (fr < fv[n] ? fr : fv[n])) {
			memcpy(p[n], xe, sizeof(double) * n);
			fv[n] = fc;
			continue;
		}
		for (i = 1; i <= n; i++) {
			for (j = 0; j < n; j++)
				p[i][j] = p[0][j] + 0.5 * (p[i][j] - p[0][j]);
			fv[i] = eval(c, p[i]);
		}
	}
	sort_simplex(n, p, fv);
	memcpy(x, p[0], sizeof(double) * n);
	return fv[0];
}

/*
 * Gradient of f at x by the five-point central difference (error
 * O(h^4), so the Newton polish is not pulled off the minimum by the
 * curvature of the function).
 */
static void
gradient(struct counted *c, int n, const double *x, double *g)
{
	double xp[OPTIM_MAXDIM], f1, f2, f3, f4;
	int i;

	memcpy(xp, x, sizeof(double) * n);
	for (i = 0; i < n; i++) {
		xp[i] = x[i] + 2 * DIFF_STEP;
		f1 = eval(c, xp);
		xp[i] = x[i] + DIFF_STEP;
		f2 = eval(c, xp);
		xp[i] = x[i] - DIFF_STEP;
		f3 = eval(c, xp);
		xp[i] = x[i] - 2 * DIFF_STEP;
		f4 = eval(c, xp);
		g[i] = (-f1 + 8 * f2 - 8 * f3 + f4) / (12 * DIFF_STEP);
		/* cppcheck-suppress unreadVariable ; next eval() reads it */
		xp[i] = x[i];
	}
}

static double
max_abs(int n, const double *v)
{
	double m = 0;
	int i;

	for (i = 0; i < n; i++)
		if (!(fabs(v[i]) <= m))
			m = fabs(v[i]);
	return m;
}

static void
hessian_counted(struct counted *c, int n, const double *x, double h,
                double *hess)
{
	double xp[OPTIM_MAXDIM], f0 = eval(c, x), fpp, fpm, fmp, fmm;
	int i, j;

	memcpy(xp, x, sizeof(double) * n);
	for (i = 0; i < n; i++) {
		xp[i] = x[i] + h;
		fpp = eval(c, xp);
		xp[i] = x[i] - h;
		fmm = eval(c, xp);
		/* cppcheck-suppress unreadVariable ; next eval() reads it */
		xp[i] = x[i];
		hess[i * n + i] = (fpp - 2 * f0 + fmm) / (h * h);
		for (j = 0; j < i; j++) {
			xp[i] = x[i] + h;
			xp[j] = x[j] + h;
			fpp = eval(c, xp);
			xp[j] = x[j] - h;
			fpm = eval(c, xp);
			xp[i] = x[i] - h;
			fmm = eval(c, xp);
			xp[j] = x[j] + h;
			fmp = eval(c, xp);
			xp[i] = x[i];
			xp[j] = x[j];
			hess[i * n + j] = hess[j * n + i] =
			    (fpp - fpm - fmp + fmm) / (4 * h * h);
		}
	}
}

/* Cholesky factor l (lower) of a; -1 when a is not positive definite. */
static int
cholesky(int n, const double *a, double *l)
{
	double s;
	int i, j, k;

	memset(l, 0, sizeof(double) * n * n);
	for (i = 0; i < n; i++)
		for (j = 0; j <= i; j++) {
			s = a[i * n + j];
			for (k = 0; k < j; k++)
				s -= l[i * n + k] * l[j * n + k];
			if (i == j) {
				if (!(s > 0))
					return -1;
				l[i * n + i] = sqrt(s);
			} else
				l[i * n + j] = s / l[j * n + j];
		}
	return 0;
}

/* Solve l l' x = b given the Cholesky factor. */
static void
cholesky_solve(int n, const double *l, const double *b, double *x)
{
	double y[OPTIM_MAXDIM], s;
	int i, k;

	for (i = 0; i < n; i++) {
		s = b[i];
		for (k = 0; k < i; k++)
			s -= l[i * n + k] * y[k];
		y[i] = s / l[i * n + i];
	}
	for (i = n - 1; i >= 0; i--) {
		s = y[i];
		for (k = i + 1; k < n; k++)
			s -= l[k * n + i] * x[k];
		x[i] = s / l[i * n + i];
	}
}

int
optim_invert_spd(int n, const double *a, double *inv)
{
	double l[OPTIM_MAXDIM * OPTIM_MAXDIM], e[OPTIM_MAXDIM],
	    col[OPTIM_MAXDIM];
	int i, j;

	assert(n >= 1 && n <= OPTIM_MAXDIM);
	if (cholesky(n, a, l) != 0)
		return -1;
	for (j = 0; j < n; j++) {
		memset(e, 0, sizeof(e));
		e[j] = 1;
		cholesky_solve(n, l, e, col);
		for (i = 0; i < n; i++)
			inv[i * n + j] = col[i];
	}
	return 0;
}

/*
 * Newton steps from x with a backtracking line search, until the gradient
 * is at the noise floor (GRAD_TIGHT), a full step would lower f by less
 * than DECREMENT_TOL relative, or a step no longer lowers f.  The
 * Hessian is computed at the start and again only when a step fails (near
 * the minimum it hardly changes; the gradient costs far fewer
 * evaluations).  Returns 0 when the gradient is then small (GRAD_TOL) at
 * a positive-definite Hessian.
 */
static int
newton_polish(struct counted *c, int n, double *x, double *fx, int *iter,
              double *gnorm)
{
	double g[OPTIM_MAXDIM], h[OPTIM_MAXDIM * OPTIM_MAXDIM],
	    l[OPTIM_MAXDIM * OPTIM_MAXDIM], step[OPTIM_MAXDIM],
	    xt[OPTIM_MAXDIM], ft = *fx, t;
	double dec;
	int k, i, halving, pd = 0, fresh = 0;

	for (k = 0; k < NEWTON_MAX_ITER; k++) {
		gradient(c, n, x, g);
		*gnorm = max_abs(n, g);
		if (!fresh) {
			hessian_counted(c, n, x, DIFF_STEP * 10, h);
			pd = cholesky(n, h, l) == 0;
			fresh = 1;
		}
		if (!pd || *gnorm <= GRAD_TIGHT * (1 + fabs(*fx)))
			break;
		cholesky_solve(n, l, g, step);
		/* The Newton decrement: what a full step would still gain. */
		for (dec = 0, i = 0; i < n; i++)
			dec += g[i] * step[i] / 2;
		if (dec <= DECREMENT_TOL * (1 + fabs(*fx)))
			break;
		for (halving = 0; (t = ldexp(1, -halving)) > 1e-6; halving++) {
			for (i = 0; i < n; i++)
				xt[i] = x[i] - t * step[i];
			ft = eval(c, xt);
			if (ft < *fx)
				break;
		}
		if (!(t > 1e-6)) {
			if (fresh == 1)
				break;
			/* Retry from a new Hessian before giving up. */
			fresh = 0;
			continue;
		}
		fresh = t == 1 ? 2 : 0;
		(*iter)++;
		memcpy(x, xt, sizeof(double) * n);
		*fx = ft;
	}
	return pd && *gnorm <= GRAD_TOL * (1 + fabs(*fx)) ? 0 : -1;
}

int
optim_minimize(optim_fn f, void *ctx, int n, double *x,
               struct optim_result *res)
{
	struct counted c = {f, ctx, 0};
	double fx, fnew;
	int r, ok;

	assert(n >= 1 && n <= OPTIM_MAXDIM);
	memset(res, 0, sizeof(*res));
	fx = eval(&c, x);
	if (!isfinite(fx)) {
		res->f = fx;
		res->evaluations = c.evaluations;
		return -1;
	}
	/* Fast path: one loose Nelder-Mead run, then Newton. */
	fx = nelder_mead(&c, n, x, NM_FTOL_FAST, &res->iterations);
	ok = newton_polish(&c, n, x, &fx, &res->iterations,
	                   &res->gradient_norm) == 0;
	/* Else restart Nelder-Mead until it stops improving, and again. */
	for (r = 0; !ok && r < NM_MAX_RESTARTS; r++) {
		fnew = nelder_mead(&c, n, x, NM_FTOL, &res->iterations);
		if (fx - fnew <= NM_FTOL * (1 + fabs(fx)) ||
		    r == NM_MAX_RESTARTS - 1) {
			fx = fnew < fx ? fnew : fx;
			ok = newton_polish(&c, n, x, &fx, &res->iterations,
			                   &res->gradient_norm) == 0;
			break;
		}
		fx = fnew;
	}
	res->f = fx;
	res->evaluations = c.evaluations;
	res->converged = ok;
	return ok ? 0 : -1;
}

void
optim_hessian(optim_fn f, void *ctx, int n, const double *x, double h,
              double *hess)
{
	struct counted c = {f, ctx, 0};

	assert(n >= 1 && n <= OPTIM_MAXDIM);
	hessian_counted(&c, n, x, h, hess);
}

void
optim_hessian_grad(optim_grad_fn fg, void *ctx, int n, const double *x,
                   double h, double *hess)
{
	double xp[OPTIM_MAXDIM], gp[OPTIM_MAXDIM], gm[OPTIM_MAXDIM];
	int i, j;

	assert(n >= 1 && n <= OPTIM_MAXDIM);
	memcpy(xp, x, sizeof(double) * n);
	for (i = 0; i < n; i++) {
		xp[i] = x[i] + h;
		fg(xp, gp, ctx);
		xp[i] = x[i] - h;
		fg(xp, gm, ctx);
		/* cppcheck-suppress unreadVariable ; next eval() reads it */
		xp[i] = x[i];
		for (j = 0; j < n; j++)
			hess[i * n + j] = (gp[j] - gm[j]) / (2 * h);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
			hess[i * n + j] = hess[j * n + i] =
			    (hess[i * n + j] + hess[j * n + i]) / 2;
}

/* f and gradient through fg, counting, NaN as +inf. */
static double
eval_grad(optim_grad_fn fg, void *ctx, const double *x, double *g, int *count)
{
	double v = fg(x, g, ctx);

	(*count)++;
	return isnan(v) ? INFINITY : v;
}

static double
dot(int n, const double *a, const double *b)
{
	double s = 0;
	int i;

	for (i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/*
 * BFGS from x (inverse Hessian updated from gradient differences).
 * Returns the value at the best point, left in x with its gradient in g.
 */
static double
bfgs(optim_grad_fn fg, void *ctx, int n, double *x, double *g, int *iter,
     int *count)
{
	double hinv[OPTIM_MAXDIM * OPTIM_MAXDIM], d[OPTIM_MAXDIM],
	    xt[OPTIM_MAXDIM], gt[OPTIM_MAXDIM], s[OPTIM_MAXDIM],
	    y[OPTIM_MAXDIM], hy[OPTIM_MAXDIM], fx, ft = 0, t, slope, sy, yhy;
	double t0;
	int k, i, j, halving, accepted;

	fx = eval_grad(fg, ctx, x, g, count);
	memset(hinv, 0, sizeof(hinv));
	for (i = 0; i < n; i++)
		hinv[i * n + i] = 1;
	for (k = 0; k < BFGS_MAX_ITER && isfinite(fx); k++) {
		if (max_abs(n, g) <= GRAD_TIGHT * (1 + fabs(fx)))
			break;
		for (i = 0; i < n; i++)
			d[i] = -dot(n, &hinv[(size_t)i * n], g);
		slope = dot(n, d, g);
		if (!(slope < 0)) { /* not a descent direction: reset */
			for (i = 0; i < n; i++) {
				for (j = 0; j < n; j++)
					hinv[i * n + j] = i == j;
				d[i] = -g[i];
			}
			slope = dot(n, d, g);
		}
		/* Steps in log parameters beyond 2 are never wanted. */
		t0 = max_abs(n, d) > 2 ? 2 / max_abs(n, d) : 1;
		accepted = 0;
		for (halving = 0; (t = ldexp(t0, -halving)) > 1e-10;
		     halving++) {
			for (i = 0; i < n; i++)
				xt[i] = x[i] + t * d[i];
			ft = eval_grad(fg, ctx, xt, gt, count);
			if (ft <= fx + 1e-4 * t * slope) {
				accepted = 1;
				break;
			}
		}
		if (!accepted)
			break;
		(*iter)++;
		for (i = 0; i < n; i++) {
			s[i] = xt[i] - x[i];
			y[i] = gt[i] - g[i];
		}
		memcpy(x, xt, sizeof(double) * n);
		memcpy(g, gt, sizeof(double) * n);
		if (fx - ft <= 1e-15 * (1 + fabs(fx))) {
			fx = ft;
			break;
		}
		fx = ft;
		sy = dot(n, s, y);
		if (!(sy > 0))
			continue;
		if (k == 0) /* scale the first guess of the inverse Hessian */
			for (i = 0; i < n; i++)
				hinv[i * n + i] = sy / dot(n, y, y);
		for (i = 0; i < n; i++)
			hy[i] = dot(n, &hinv[(size_t)i * n], y);
		yhy = dot(n, y, hy);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				hinv[i * n + j] +=
				    (sy + yhy) * s[i] * s[j] / (sy * sy) -
				    (hy[i] * s[j] + s[i] * hy[j]) / sy;
	}
	return fx;
}

int
optim_minimize_grad(optim_fn f, optim_grad_fn fg, void *ctx, int n, double *x,
                    struct optim_result *res)
{
	double g[OPTIM_MAXDIM], h[OPTIM_MAXDIM * OPTIM_MAXDIM],
	    l[OPTIM_MAXDIM * OPTIM_MAXDIM], step[OPTIM_MAXDIM],
	    xt[OPTIM_MAXDIM], gt[OPTIM_MAXDIM], fx, ft = 0, dec, t;
	int k, i, halving, count = 0, iter = 0, pd = 0, rc;

	assert(n >= 1 && n <= OPTIM_MAXDIM);
	memset(res, 0, sizeof(*res));
	fx = bfgs(fg, ctx, n, x, g, &iter, &count);
	/* Newton polish with a gradient-difference Hessian. */
	for (k = 0; k < NEWTON_MAX_ITER && isfinite(fx); k++) {
		optim_hessian_grad(fg, ctx, n, x, DIFF_STEP, h);
		count += 2 * n;
		pd = cholesky(n, h, l) == 0;
		if (!pd)
			break;
		cholesky_solve(n, l, g, step);
		dec = dot(n, g, step) / 2;
		if (dec <= DECREMENT_TOL * (1 + fabs(fx)))
			break;
		for (halving = 0; (t = ldexp(1, -halving)) > 1e-6; halving++) {
			for (i = 0; i < n; i++)
				xt[i] = x[i] - t * step[i];
			ft = eval_grad(fg, ctx, xt, gt, &count);
			if (ft < fx)
				break;
		}
		if (!(t > 1e-6))
			break;
		iter++;
		memcpy(x, xt, sizeof(double) * n);
		memcpy(g, gt, sizeof(double) * n);
		fx = ft;
	}
	res->gradient_norm = max_abs(n, g);
	if (isfinite(fx) && pd &&
	    res->gradient_norm <= GRAD_TOL * (1 + fabs(fx))) {
		res->f = fx;
		res->iterations = iter;
		res->evaluations = count;
		res->converged = 1;
		return 0;
	}
	/* The slow, robust way from here. */
	rc = optim_minimize(f, ctx, n, x, res);
	res->iterations += iter;
	res->evaluations += count;
	return rc;
}
