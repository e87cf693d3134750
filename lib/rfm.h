/*
 * rfm.h - recency, frequency and monetary value per account from order
 * events, their quantile scores and named RFM segments.
 *
 * One pass over the events keeps, per account (dense ids from strmap),
 * the last order day, the number of orders and the sum of order values.
 * Only "order" events dated on or before the as-of day count.
 *
 *   recency    days from the last order to the as-of day (0 = that day)
 *   frequency  number of orders: an order event whose ref equals the ref
 *              of the same account's previous order event is another line
 *              of that order and does not count again (invoice lines
 *              come together in exports); events without a ref each count
 *   monetary   the sum of the order values (an event without a value adds
 *              nothing), rounded to cents
 *
 * Scores 1..bins come from seg_ntile() (equal values share a score);
 * recency is reversed, so the most recent buyers score highest.
 */
#ifndef RMKIT_RFM_H
#define RMKIT_RFM_H

#include <stddef.h>
#include <stdio.h>

#include "event.h"

/* ---- the segment table ---- */

/*
 * A list of named segments, each with a score range for r, f and m; the
 * first segment whose ranges hold an account's scores is its segment.
 */
struct rfm_table;

/*
 * The default table (scores 1..5; with other --bins a score s is first
 * rescaled to ceil(5 s / bins)).  Rows: name, r, f, m:
 *
 *	Champions           5    4-5  any
 *	Loyal               3-4  4-5  any
 *	Potential Loyalist  4-5  2-3  any
 *	New                 5    1    any
 *	Promising           4    1    any
 *	Need Attention      3    3    any
 *	About to Sleep      3    1-2  any
 *	Can't Lose Them     1-2  5    any
 *	At Risk             1-2  3-4  any
 *	Lost                1    1    any
 *	Hibernating         1-2  1-2  any
 *
 * Every (r, f) pair of the 5 x 5 grid falls in exactly one of them.
 */
struct rfm_table *rfm_table_default(void);

/*
 * Read a table from path: lines "NAME<TAB>R<TAB>F<TAB>M", where each
 * range is "*" (any), "N" or "N-M" on the scale 1..bins; blank lines and
 * lines starting with '#' are skipped.  Errors end the program with
 * EXIT_USAGE as "path:line: what".
 */
struct rfm_table *rfm_table_read(const char *path, int bins);

size_t rfm_table_count(const struct rfm_table *t);
const char *rfm_table_name(const struct rfm_table *t, size_t i);

/* The name of the first segment holding the scores, or NULL. */
const char *rfm_table_lookup(const struct rfm_table *t, int bins, int r, int f,
                             int m);

void rfm_table_free(struct rfm_table *t);

/* ---- the accounts ---- */

struct rfm;

/* A new collector counting orders up to as_of (INT_MAX: no limit). */
struct rfm *rfm_new(int as_of);

/* Count one event (anything but an order on or before as_of is ignored). */
void rfm_add(struct rfm *r, const struct event *ev);

/* Number of accounts with at least one counted order. */
size_t rfm_count(const struct rfm *r);

/*
 * Compute recency against as_of (the latest date of the input when no
 * --as-of was given) and the scores 1..bins.
 */
void rfm_score(struct rfm *r, int as_of, int bins);

/* The three scales scores are taken from. */
enum rfm_scale { RFM_RECENCY, RFM_FREQUENCY, RFM_MONETARY };

/*
 * Compute recency against as_of and round monetary to cents (the first
 * step of rfm_score(); call it once before rfm_values()).
 */
void rfm_prepare(struct rfm *r, int as_of);

/*
 * Fill v (rfm_count() entries, first-seen order) with scale k of every
 * account, as scores are taken from it: RFM_RECENCY gives -recency (so
 * the most recent buyers are highest), the others the value itself.
 */
void rfm_values(const struct rfm *r, enum rfm_scale k, double *v);

/* Set the scores (1..9) of scale k of every account. */
void rfm_set_scores(struct rfm *r, enum rfm_scale k, const int *s);

/* The day of account i's last counted order. */
int rfm_last_day(const struct rfm *r, size_t i);

/* Write the header: account, recency, frequency, monetary, r, f, m,
 * rfm, then name. */
void rfm_write_header(FILE *f, const char *name);

/* Write account i (first-seen order) with its segment label. */
void rfm_write_row(FILE *f, const struct rfm *r, size_t i, const char *label);

/* Account i's scores and monetary value. */
void rfm_scores(const struct rfm *r, size_t i, int *rs, int *fs, int *ms);
double rfm_monetary(const struct rfm *r, size_t i);

void rfm_free(struct rfm *r);

#endif
