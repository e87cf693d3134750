/*
 * stats.c - small statistics over arrays of doubles.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/*
 * Room in h's counts for the value v (< DAYHIST_DENSE), new ones 0; the
 * first call makes the counts.
 */
static void
dayhist_room(struct dayhist *h, size_t v)
{
	size_t len = h->len ? h->len : 64;

	while (len <= v)
		len *= 2;
	if (len > DAYHIST_DENSE)
		len = DAYHIST_DENSE;
	h->count = xreallocarray(h->count, len, sizeof(*h->count));
	memset(h->count + h->len, 0, (len - h->len) * sizeof(*h->count));
	h->len = len;
}

/*
 * Count, from now on, h's values from 0 to below DAYHIST_DENSE: those
 * listed move to the counts, the others stay listed.
 */
static void
dayhist_start_counting(struct dayhist *h)
{
	size_t i, kept = 0;

	dayhist_room(h, 0);
	for (i = 0; i < h->big.n; i++) {
		double v = h->big.v[i];

		if (v < 0 || v >= DAYHIST_DENSE) {
			h->big.v[kept++] = v;
			continue;
		}
		if ((size_t)v >= h->len)
			dayhist_room(h, (size_t)v);
		h->count[(size_t)v]++;
	}
	h->big.n = kept;
}

/* Put days among h's values (counted or listed), not counting it in n. */
static void
dayhist_put(struct dayhist *h, int days)
{
	if (!h->count || days < 0 || days >= DAYHIST_DENSE) {
		dvec_push(&h->big, days);
		if (!h->count && h->big.n >= DAYHIST_LIST)
			dayhist_start_counting(h);
		return;
	}
	if ((size_t)days >= h->len)
		dayhist_room(h, (size_t)days);
	h->count[days]++;
}

void
dayhist_add(struct dayhist *h, int days)
{
	h->n++;
	dayhist_put(h, days);
}

void
dayhist_merge(struct dayhist *to, const struct dayhist *from)
{
	size_t v;

	if (from->count) {
		if (!to->count)
			dayhist_start_counting(to);
		if (from->len > to->len)
			dayhist_room(to, from->len - 1);
		for (v = 0; v < from->len; v++)
			to->count[v] += from->count[v];
	}
	for (v = 0; v < from->big.n; v++)
		dayhist_put(to, (int)from->big.v[v]);
	to->n += from->n;
}

/*
 * The value of rank r (from 0) among h's, its listed values sorted: the
 * negative ones among them, then the counted ones, then the other listed
 * ones (all of them while none is counted).
 */
static double
dayhist_rank(const struct dayhist *h, uint64_t r)
{
	size_t v, neg = 0;

	while (neg < h->big.n && h->big.v[neg] < 0)
		neg++;
	if (r < neg)
		return h->big.v[r];
	r -= neg;
	for (v = 0; v < h->len; v++) {
		if (r < h->count[v])
			return (double)v;
		r -= h->count[v];
	}
	return h->big.v[neg + r];
}

double
dayhist_median(struct dayhist *h)
{
	double mid, a, b;
	uint64_t lo;

	if (h->n == 0)
		return NAN;
	stats_sort(h->big.v, h->big.n);
	mid = (double)(h->n - 1) * 0.5;
	lo = (uint64_t)floor(mid);
	a = dayhist_rank(h, lo);
	if (lo + 1 >= h->n)
		return a;
	b = dayhist_rank(h, lo + 1);
	return a + (mid - (double)lo) * (b - a);
}

void
dayhist_free(struct dayhist *h)
{
	free(h->count);
	dvec_free(&h->big);
	memset(h, 0, sizeof(*h));
}
