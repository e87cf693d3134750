/*
 * paretonbd.c - Pareto/NBD likelihood, fit and closed forms (paretonbd.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optim.h"
#include "paretonbd.h"
#include "specfun.h"
#include "xalloc.h"

int
pnbd_fit(const struct clv_groups *g, struct pnbd_params *p, struct clv_fit *fit,
         const char **why)
{
	(void)g;
	(void)p;
	(void)fit;
	*why = "the pareto model is not built yet";
	return -1;
}

double
pnbd_p_alive(const struct pnbd_params *p, long x, double t_x, double T)
{
	(void)p;
	(void)x;
	(void)t_x;
	(void)T;
	return NAN;
}

double
pnbd_expected(const struct pnbd_params *p, long x, double t_x, double T,
              double t)
{
	(void)p;
	(void)x;
	(void)t_x;
	(void)T;
	(void)t;
	return NAN;
}
