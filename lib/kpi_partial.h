/*
 * kpi_partial.h - KPI states written out as partial aggregates and
 * merged back (rm-report --partial, --merge).
 *
 * A partial holds everything a report needs that one shard of the
 * events (all events of its accounts) gives: per account its first
 * dates, the last touches and orders of the last periods, its
 * subscriptions' MRR, its paired records (opportunities, tickets,
 * invoices, contracts, escalations); per group and period the exact sums
 * of the event counts and amounts; and what the account table adds.  As
 * the window is only fixed when the latest date of all shards is known,
 * nothing is finished in a partial.  The format is described in
 * man/rm-report.1, section PARTIALS.
 *
 * Merging partials of shards that hold whole accounts gives exactly the
 * report of one run over all the events, whatever the order of the
 * partials and however the shards were grouped (a merge can be written
 * out as a partial again).
 */
#ifndef RMKIT_KPI_PARTIAL_H
#define RMKIT_KPI_PARTIAL_H

#include <stdio.h>

#include "kpi.h"

/*
 * Write the n states (of one computation: kpi_new(), kpi_new_like())
 * as one partial to f.  latest_day is the latest event date, INT_MIN
 * for none.  Frees the states.
 */
void kpi_partial_write(FILE *f, struct kpi_state **states, int n,
                       int latest_day);

struct kpi_merge;

/* A merge of no partials yet. */
struct kpi_merge *kpi_merge_new(void);

/*
 * Read every partial in path ("-": stdin; gzip allowed; partials may
 * follow each other in one file).  A malformed partial, one made with
 * other options or another account table than the first, or an account
 * already met in another partial, ends the program with EXIT_DATA and a
 * message naming the file, line and field.
 */
void kpi_merge_read(struct kpi_merge *m, const char *path);

/*
 * The options the partials were made with.  With no partial read, the
 * program ends with EXIT_DATA ("no partials to merge"), as do
 * kpi_merge_finish() and kpi_merge_write().
 */
const struct kpi_options *kpi_merge_options(const struct kpi_merge *m);

/* The latest event date of all partials read, or INT_MIN. */
int kpi_merge_latest(const struct kpi_merge *m);

/* The report of everything read.  Frees m. */
struct report *kpi_merge_finish(struct kpi_merge *m);

/* Write everything read as one partial to f.  Frees m. */
void kpi_merge_write(struct kpi_merge *m, FILE *f);

#endif
