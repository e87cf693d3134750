/*
 * optim.h - minimise a smooth function of a few variables, robustly.
 *
 * Used for maximum-likelihood fits: the caller minimises the negative
 * log-likelihood as a function of the logarithms of the parameters, so
 * every point is valid and the scales are comparable.
 *
 * The method: Nelder-Mead from the starting point, restarted from its best
 * point with a fresh simplex until a restart no longer improves the value
 * (restarts recover from a collapsed simplex), then a Newton polish with a
 * central-difference gradient and Hessian and a backtracking line search.
 * The result is declared converged when the gradient is small relative to
 * the value and the Hessian is positive definite.
 */
#ifndef RMKIT_OPTIM_H
#define RMKIT_OPTIM_H

#define OPTIM_MAXDIM 8

/*
 * The function to minimise at x (n values).  It may return +inf (or NaN,
 * treated as +inf) where it is undefined; it must be finite at the start.
 */
typedef double (*optim_fn)(const double *x, void *ctx);

struct optim_result {
	double f;             /* value at the minimum */
	int iterations;       /* Nelder-Mead and Newton iterations */
	int evaluations;      /* calls of the function */
	int converged;        /* 1 when the tests above were met */
	double gradient_norm; /* largest |gradient component| at the end */
};

/*
 * Minimise f from x (n <= OPTIM_MAXDIM values, overwritten with the
 * minimum).  Returns 0 when converged, -1 when not (x then holds the best
 * point found, res says how far it got) or when f is not finite at the
 * start.
 */
int optim_minimize(optim_fn f, void *ctx, int n, double *x,
                   struct optim_result *res);

/*
 * The function and its gradient: returns f at x and stores the gradient
 * in grad (n values).  +inf or NaN where undefined, as for optim_fn.
 */
typedef double (*optim_grad_fn)(const double *x, double *grad, void *ctx);

/*
 * Minimise with the gradient: BFGS with a backtracking line search, then
 * Newton steps with a Hessian from central differences of the gradient
 * (2n calls), which is also the convergence test (gradient small,
 * Hessian positive definite).  When that fails, falls back to
 * optim_minimize() on f from the best point found.  Much cheaper than
 * optim_minimize() when the gradient costs about as much as f.
 */
int optim_minimize_grad(optim_fn f, optim_grad_fn fg, void *ctx, int n,
                        double *x, struct optim_result *res);

/* The Hessian from central differences of the gradient (2n calls). */
void optim_hessian_grad(optim_grad_fn fg, void *ctx, int n, const double *x,
                        double h, double *hess);

/*
 * The Hessian of f at x by central differences with step h, into hess
 * (n * n, row major).  Costs 2 n^2 + 1 evaluations.
 */
void optim_hessian(optim_fn f, void *ctx, int n, const double *x, double h,
                   double *hess);

/*
 * Invert the symmetric positive-definite n * n matrix a into inv by
 * Cholesky decomposition.  Returns 0, or -1 when a is not positive
 * definite (inv is then unspecified).
 */
int optim_invert_spd(int n, const double *a, double *inv);

#endif
