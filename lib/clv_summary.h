/*
 * clv_summary.h - per-customer purchase summaries for the customer-base
 * models (BG/NBD, Pareto/NBD, Gamma-Gamma).
 *
 * From the order events of each account, as of a calibration end date
 * (as_of, inclusive) and in a unit of time (day, week = 7 days, month =
 * 365.25 / 12 days):
 *
 *	x		repeat purchases: distinct order days after the first
 *			(orders on the same day are merged into one purchase)
 *	t_x		time from the first order day to the last, in units
 *	T		time from the first order day to as_of, in units
 *	monetary	mean value of the repeat purchases (a purchase's value
 *			is the sum of that day's order values; days whose
 *			orders all lack a value are left out of the mean);
 *			NaN when there is no repeat purchase with a value
 *
 * Times are fractions (days / unit length), not whole periods, as in
 * Fader, Hardie & Lee (2005).  t_x, T and monetary are rounded to 6
 * decimals (also when read from a summary TSV), so that written summaries
 * read back as exactly the same numbers.  Orders after as_of are ignored, and
 *an account whose first order is after as_of has no summary.  Customers are
 * kept in the order their account first appears in the input.
 *
 * A summary can be written as TSV (account, x, t_x, T, monetary_value)
 * and read back, so summaries made on several machines
 * (input partitioned by account) can be concatenated and fitted together.
 */
#ifndef RMKIT_CLV_SUMMARY_H
#define RMKIT_CLV_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "event.h"

enum clv_unit { CLV_DAY, CLV_WEEK, CLV_MONTH };

/* Parse "day", "week" or "month".  Returns 0 and sets *unit, or -1. */
int clv_unit_parse(const char *name, enum clv_unit *unit);

/* The unit's name, and its length in days (1, 7, 30.4375). */
const char *clv_unit_name(enum clv_unit unit);
double clv_unit_days(enum clv_unit unit);

struct clv_customer {
	long x;
	double t_x, T;
	double monetary; /* NaN: no repeat purchase with a value */
};

struct clv_summary {
	size_t n, cap;
	struct clv_customer *c;
	struct strmap *names; /* customer i is account id i */
	/*
	 * First and last order day of each customer, when the summary was
	 * built from events or partials (NULL for a summary TSV).
	 */
	int *first_day, *last_day;
	size_t daycap;
};

/* Collects order events until clv_builder_finish(). */
struct clv_builder;

struct clv_builder *clv_builder_new(void);

/*
 * Remember ev when it is an order (other types are ignored).  Memory: 16
 * bytes an order plus the account key.
 */
void clv_builder_add(struct clv_builder *b, const struct event *ev);

/*
 * Build the summary as of as_of in unit, and free the builder.
 */
struct clv_summary *clv_builder_finish(struct clv_builder *b, int as_of,
                                       enum clv_unit unit);

/* An empty summary (to read summary TSV into). */
struct clv_summary *clv_summary_new(void);

/*
 * Append the rows of the summary TSV at path ("-" for stdin): columns
 * account, x, t_x, T and optionally monetary_value, found by name.  Dies
 * with EXIT_DATA, naming file, line, column and value, on a missing
 * column, a bad number (x must be a whole number >= 0, 0 <= t_x <= T,
 * t_x = 0 when x = 0, monetary_value empty or >= 0) or an account seen
 * before.
 */
void clv_summary_read(struct clv_summary *s, const char *path);

/* Write the header and one row per customer. */
void clv_summary_write(FILE *f, const struct clv_summary *s);

/*
 * Write v like tsv_put_num() (the shortest plain decimal that reads back
 * exactly; NaN as an empty field), several times faster for values in
 * [0, 1e15).
 */
void clv_put_exact(FILE *f, double v);

/* Write the summary columns of customer i (no line end). */
void clv_summary_put_row(FILE *f, const struct clv_summary *s, size_t i);

void clv_summary_free(struct clv_summary *s);

/*
 * Partial summaries (rm-churn --summary --partial; the format of
 * churnpart.h, kind "summary"), for inputs split by account whose as-of
 * date is not known in advance: T depends on the as-of date of all the
 * parts, so a partial keeps each customer's order days instead of t_x
 * and T.  Columns
 *
 *	partial record account x first_order last_order monetary_value as_of
 *
 * records "as_of" (the part's as-of date: --as-of, else its latest event
 * date; none when it had no event), then one "row" per customer in the
 * summary's order, then "end".  Rows need no unit: it is chosen when the
 * partials are merged.
 *
 * clv_partial_write() writes s (built from events or partials) with
 * signature sig and as_of (INT_MIN: none).
 */
void clv_partial_write(FILE *f, const struct clv_summary *s, const char *sig,
                       int as_of);

struct clv_merge;

struct clv_merge *clv_merge_new(void);

/*
 * Append the customers of the partial at path, in order.  Dies with
 * EXIT_DATA (file, line, column) on anything but a whole partial summary
 * made with the options of the first part, or an account seen before.
 */
void clv_merge_read(struct clv_merge *m, const char *path);

/* The signature of the parts (NULL before a part was read). */
const char *clv_merge_signature(const struct clv_merge *m);

/* The latest as-of date of the parts (INT_MIN: none). */
int clv_merge_as_of(const struct clv_merge *m);

/*
 * The summary of all the parts as of as_of in unit (t_x and T computed
 * exactly as from the events), freeing m.
 */
struct clv_summary *clv_merge_finish(struct clv_merge *m, int as_of,
                                     enum clv_unit unit);

/*
 * Customers with identical (x, t_x, T), counted once with a weight: the
 * likelihoods and scores depend on nothing else, so fits and scoring cost
 * O(groups), not O(customers).  Also lists the distinct t_x and T values
 * (so their logarithms are taken once per evaluation).
 */
struct clv_group {
	long x;
	double t_x, T, weight;
	size_t i_tx, i_T; /* indexes into tx_values, T_values */
};

struct clv_groups {
	size_t n;
	struct clv_group *g;
	size_t *group_of; /* customer -> group */
	double *tx_values, *T_values;
	size_t n_tx, n_T;
	long max_x;
	size_t repeat_buyers; /* customers with x > 0 */
};

/*
 * The result of a maximum-likelihood fit, shared by the models: values
 * and standard errors in the model's parameter order (a standard error is
 * NaN when the Hessian is not positive definite).
 */
#define CLV_MAXPARAMS 4
struct clv_fit {
	int nparams;
	double value[CLV_MAXPARAMS], se[CLV_MAXPARAMS];
	double loglik;
	int iterations;
	size_t customers; /* customers the likelihood covers */
};

/*
 * The fits work on log parameters; one beyond +-CLV_LOG_LIMIT is taken to
 * run off to 0 or infinity.
 */
#define CLV_LOG_LIMIT 15

/* Whether |v[i]| < limit for every i < n (false when one is NaN). */
int clv_logs_within(const double *v, int n, double limit);

/* Minimum number of repeat buyers a fit needs. */
#define CLV_MIN_REPEAT_BUYERS 10

struct clv_groups *clv_groups_build(const struct clv_summary *s);
void clv_groups_free(struct clv_groups *g);

#endif
