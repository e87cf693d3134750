/*
 * stats.h - small statistics over arrays of doubles.
 */
#ifndef RMKIT_STATS_H
#define RMKIT_STATS_H

#include <stddef.h>
#include <stdint.h>

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

/*
 * Whole numbers of days, for an exact median in little memory.  While
 * there are fewer than DAYHIST_LIST values they are kept one by one (a few
 * values spread over years need no more); from then on those from 0 to
 * below DAYHIST_DENSE (about eleven years) are counted by value, so that
 * memory grows with the largest value, not with how many there are, and
 * only the others (rare: an item open for decades, or a negative span)
 * are still kept one by one.  A zeroed struct is an empty one.
 */
#define DAYHIST_LIST 512
#define DAYHIST_DENSE 4096
struct dayhist {
	uint64_t *count; /* count[v] for v < len; NULL while listing */
	size_t len;
	struct dvec big; /* the values not counted */
	uint64_t n;      /* values added */
};

/* Add days once. */
void dayhist_add(struct dayhist *h, int days);

/* Add every value of from to to. */
void dayhist_merge(struct dayhist *to, const struct dayhist *from);

/*
 * The median of the values added, exactly as stats_median() of them all
 * (the mean of the two middle values for an even count); NaN when there
 * are none.  Sorts the values not counted in place.
 */
double dayhist_median(struct dayhist *h);

/* Free the counts and empty h. */
void dayhist_free(struct dayhist *h);

#endif
