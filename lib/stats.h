/*
 * stats.h - small statistics over arrays of doubles.
 */
#ifndef RMKIT_STATS_H
#define RMKIT_STATS_H

#include <stddef.h>

/* Sort v ascending (NaNs are not allowed). */
void stats_sort(double *v, size_t n);

/*
 * The p-quantile (0 <= p <= 1) of the n sorted values, by linear
 * interpolation between closest ranks (Hyndman & Fan type 7, the default
 * of R and NumPy).  NaN when n is 0.
 */
double stats_quantile_sorted(const double *v, size_t n, double p);

/* The median of v, which is sorted in place.  NaN when n is 0. */
double stats_median(double *v, size_t n);

/* The arithmetic mean, NaN when n is 0. */
double stats_mean(const double *v, size_t n);

/*
 * A growable array of doubles, for collecting values whose median or
 * quantiles are wanted.
 */
struct dvec {
	double *v;
	size_t n, cap;
};

/* Append x. */
void dvec_push(struct dvec *d, double x);

/* Free the values and empty d. */
void dvec_free(struct dvec *d);

#endif
