/*
 * stats.c - small statistics over arrays of doubles.
 */
#include <math.h>
#include <stdlib.h>

#include "stats.h"
#include "xalloc.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
stats_sort(double *v, size_t n)
{
	if (n < 2) /* v may be NULL when n is 0: qsort must not see it */
		return;
	qsort(v, n, sizeof(*v), cmp_double);
}

double
stats_quantile_sorted(const double *v, size_t n, double p)
{
	double h;
	size_t lo;

	if (n == 0)
		return NAN;
	if (p <= 0)
		return v[0];
	if (p >= 1)
		return v[n - 1];
	h = (double)(n - 1) * p;
	lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

double
stats_median(double *v, size_t n)
{
	stats_sort(v, n);
	return stats_quantile_sorted(v, n, 0.5);
}

double
stats_mean(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

void
dvec_push(struct dvec *d, double x)
{
	grow_array((void **)&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	d->v[d->n++] = x;
}

void
dvec_free(struct dvec *d)
{
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
