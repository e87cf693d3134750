/*
 * kpi.h - portfolio KPIs per group and period, from one pass over events.
 *
 * The KPIs are a table (kpi_defs): one entry per KPI with its name,
 * family, unit, the direction that is good and how it is computed from
 * per-group, per-period accumulators.  Every renderer walks the same
 * list (struct report), so --kpi selects for all formats at once.  The
 * definitions are written out in man/rm-report.1.
 *
 * Flow: kpi_new() with the options and the account table (may be NULL),
 * kpi_add_event() for every event (any order), kpi_finish() builds the
 * report.  Memory: per account a small ring of the last periods, per
 * subscription (account + mrr ref) the same, per opportunity, ticket,
 * invoice, contract and escalation one record (to pair open and close),
 * and per group and period one set of accumulators.
 *
 * Periods: the current period is the one holding the as-of date; the
 * report shows the nperiods periods ending with it (the current one is
 * partial: it ends at as-of).  One period before them is computed too,
 * for the change shown beside each value.
 */
#ifndef RMKIT_KPI_H
#define RMKIT_KPI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "date.h"
#include "event.h"
#include "table.h"

/* How a value is written. */
enum kpi_unit {
	UNIT_COUNT, /* whole number */
	UNIT_MONEY, /* amount, 2 decimals */
	UNIT_RATE,  /* fraction; text formats show a percentage */
	UNIT_DAYS,  /* days, 2 decimals */
	UNIT_SCORE, /* NPS (-100..100), CSAT (1..5), health (0..100) */
	UNIT_NUMBER /* a plain ratio, 2 decimals */
};

/* One KPI as the renderers see it (static ones and one per band). */
struct kpi_col {
	const char *name;   /* "logo_churn_rate", "band_red" */
	const char *family; /* "portfolio", "pipeline", ... */
	const char *title;  /* "Logo churn rate" */
	enum kpi_unit unit;
	int better; /* +1 higher is better, -1 lower, 0 neither */
};

/* A target from --targets (targets.h parses them). */
enum target_op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

struct target {
	int kpi; /* index into report.cols */
	enum target_op op;
	double value;
};

/*
 * A finished report.  value(g, p, k) is NaN when KPI k has no inputs for
 * group g in period p (left out, never 0).  Group 0 is "all".  Periods
 * are oldest first; period -1 (the one before the first shown) is kept
 * for changes: use kpi_prev().
 */
struct report {
	enum period_unit unit;
	int as_of;    /* day number */
	int nperiods; /* shown */
	char (*period_labels)[PERIOD_BUFSIZE];
	int ngroups;
	char **group_labels;  /* unescaped, for display */
	const char *by_label; /* "owner" or "owner / segment"; "" for none */
	int ncols;            /* every KPI computed */
	struct kpi_col *cols;
	int nshow;      /* KPIs selected for output, in order */
	int *show;      /* indexes into cols */
	double *values; /* [ngroups][nperiods + 1][ncols], [0] is the
	                   hidden previous period */
	int ntargets;
	struct target *targets;
	unsigned char *missed; /* [ngroups][ncols] for the current period */
	int nmissed;
	int band_first, nbands; /* cols[band_first..] are the band counts */
};

/* Options of the computation. */
struct kpi_options {
	enum period_unit unit;
	int as_of;    /* day number, or INT_MIN for the latest event */
	int nperiods; /* >= 1 */
	char **by;    /* account-table columns to group by */
	int nby;
	int untouched_days;                 /* "not touched in N days" */
	double band_cut_high, band_cut_low; /* --bands, for band moves */
	const char *band_order; /* "green,amber,red": best to worst */
	unsigned types;         /* event types to process (kpi_types()); 0:
	                           all */
	int items_in_memory;    /* keep the paired items (tickets, invoices...)
	                           in memory as they come, as
	                           kpi_partial_write() needs; else their
	                           events are set aside in an item log
	                           (itemlog.h) and paired at the end, a
	                           partition at a time */
};

struct kpi_state;

/*
 * The event types the KPIs in list (as for kpi_select()) are computed
 * from, as a mask of 1 << type; every type for NULL, "" or a list with a
 * name that is not a KPI.  Other events still count for "accounts" (an
 * account exists from its first event) but are otherwise skipped, which
 * makes a report of a few KPIs faster and gives the same values.
 */
unsigned kpi_types(const char *list);

/*
 * Start a computation.  accounts may be NULL (no account table: one
 * group, "all"); each --by column must exist in it (else a usage error).
 */
struct kpi_state *kpi_new(const struct kpi_options *opt,
                          struct table *accounts);

/*
 * A second state for the same computation (same options, table and
 * groups), to be fed another part of the accounts, for instance on
 * another thread: every event of an account must go to the same state.
 * share is the number of states the accounts are spread over (memory
 * is reserved for a share of the table).
 */
struct kpi_state *kpi_new_like(const struct kpi_state *like, int share);

/* Add one event (events may come in any order). */
void kpi_add_event(struct kpi_state *s, const struct event *ev);

/*
 * Fetching state ahead.  On input not grouped by account every event's
 * state is elsewhere in a large memory and its look-ups wait for it; a
 * caller that can see events some steps before adding them (evpipe's
 * evpipe_peek_part()) calls, for each of them, kpi_ahead_begin() about
 * 16 events before kpi_add_event(), kpi_ahead_account() about 8 before,
 * kpi_ahead_pair() about 4 before and kpi_ahead_record() about 2
 * before, so that each step finds in the cache what the one before
 * started fetching.  The steps change nothing in s: results are the
 * same with them, without them, or with some left out.  ev's strings
 * must stay valid from kpi_ahead_begin() to kpi_ahead_pair().
 */
struct kpi_ahead {
	const struct pairs *pairs; /* the event's pair table, or NULL */
	const char *ref;
	size_t ref_len;
	uint32_t key_hash, ref_hash;
	long id; /* the account's probable id, or -1 */
	int period;
};

void kpi_ahead_begin(struct kpi_state *s, const struct event *ev,
                     struct kpi_ahead *a);
void kpi_ahead_account(const struct kpi_state *s, struct kpi_ahead *a);
void kpi_ahead_pair(const struct kpi_state *s, struct kpi_ahead *a);
void kpi_ahead_record(const struct kpi_state *s, const struct kpi_ahead *a);

/*
 * How many events of s came for an account s had seen before, but not
 * for the account of the event just before: 0 when the events came
 * grouped by account (all events of an account one after the other).
 */
unsigned long long kpi_account_returns(const struct kpi_state *s);

/* Whether some account was given to two of the n states. */
int kpi_accounts_overlap(struct kpi_state *const *states, int n);

/* Free a state without finishing it. */
void kpi_free(struct kpi_state *s);

/*
 * Compute the report.  latest_day is the latest event date (the default
 * as-of).  Frees the state.
 */
struct report *kpi_finish(struct kpi_state *s, int latest_day);

/*
 * The latest event date given to s (day number), or INT_MIN.  With
 * several states, the default as-of is the latest of them.
 */
int kpi_max_day(const struct kpi_state *s);

/*
 * Do the part of kpi_finish() that belongs to s alone (latest_day as
 * there), so that states can be finished on threads of their own; a
 * later kpi_finish_many() only adds the results up.  Optional.
 */
void kpi_prepare(struct kpi_state *s, int latest_day);

/*
 * kpi_finish() of n states made by kpi_new() and kpi_new_like() whose
 * accounts do not overlap.  Sums are exact, so the report is the same as
 * kpi_finish() of one state fed every event.  Frees the states.
 */
struct report *kpi_finish_many(struct kpi_state **states, int n,
                               int latest_day);

/* The value of KPI k for group g in shown period p (0..nperiods-1). */
double kpi_value(const struct report *r, int g, int p, int k);

/* The value in the period before p (p may be 0). */
double kpi_prev(const struct report *r, int g, int p, int k);

/* The index of the KPI called name in r->cols, or -1. */
int kpi_find(const struct report *r, const char *name);

/*
 * Select the KPIs to show from a comma-separated list of names and family
 * names ("mrr,pipeline"); NULL or "" selects all.  An unknown name is a
 * usage error.
 */
void kpi_select(struct report *r, const char *list);

/* Whether the target of KPI k missed for group g (current period). */
int kpi_missed(const struct report *r, int g, int k);

/* The target for KPI k, or NULL. */
const struct target *kpi_target(const struct report *r, int k);

/* Print the KPI table: name, family, unit, one line each (--list-kpis). */
void kpi_list(FILE *f);

/* Free a report.  NULL is allowed. */
void report_free(struct report *r);

#endif
