/*
 * health.h - account health scores: the model behind rm-health.
 *
 * Per account, a 0-100 score built from component scores (client
 * profile: usage, support, payments, sentiment, engagement; supplier
 * profile: delivery, sla, escalations), each 0-100, combined with
 * normalised weights over the components that have data.  The formulas
 * are written out in man/rm-health.1; the code follows them line by line.
 *
 * The score is evaluated at two dates in the same pass: the as-of date T
 * and T - window (for the trend).  Every event updates the state of both
 * evaluations; an event later than an evaluation date does not touch it.
 * Values are rounded to hundredths and summed as integers, so the result
 * does not depend on the order of the events.
 *
 * Use: health_model_init(), the health_set_*() option parsers, then
 * health_run_new(), health_run_add() for each event, health_run_finish(),
 * and health_write() or health_explain().
 */
#ifndef RMKIT_HEALTH_H
#define RMKIT_HEALTH_H

#include <stddef.h>
#include <stdio.h>

#include "event.h"
#include "table.h"

#define HEALTH_MAXCOMP 5
#define HEALTH_MAXBANDS 8

enum health_profile { HEALTH_CLIENT, HEALTH_SUPPLIER };

/* What the scores are computed with (the command-line options). */
struct health_model {
	enum health_profile profile;
	int ncomp;                     /* components of the profile */
	int window;                    /* days, >= 1 */
	double weight[HEALTH_MAXCOMP]; /* as given, not normalised */
	int nbands;                    /* thresholds, descending */
	double band[HEALTH_MAXBANDS];
	char *band_name[HEALTH_MAXBANDS + 1]; /* nbands + 1 names */
};

/*
 * Set m to the defaults of a profile: window 90, the profile's default
 * weights, bands 75,50 named green, amber, red.
 */
void health_model_init(struct health_model *m, enum health_profile profile);

/* Parse a profile name ("client", "supplier"); 0, or -1 when unknown. */
int health_parse_profile(const char *name, enum health_profile *profile);

/* The name of component i of the model's profile ("usage"). */
const char *health_component_name(const struct health_model *m, int i);

/*
 * Parse "name=weight,..." into m->weight: named components get the
 * weight (a non-negative number), the others keep theirs.  Returns 0, or
 * -1 with a message in err (size errsize) for an unknown component, a bad
 * number, or weights that are all 0.
 */
int health_set_weights(struct health_model *m, const char *spec, char *err,
                       size_t errsize);

/*
 * Parse "75,50" (descending thresholds in 0..100) into the bands, and
 * "green,amber,red" (one name more than thresholds) into the band names.
 * Call health_check_bands() after both.  Return 0, or -1 with err set.
 */
int health_set_bands(struct health_model *m, const char *spec, char *err,
                     size_t errsize);
int health_set_band_names(struct health_model *m, const char *spec, char *err,
                          size_t errsize);
int health_check_bands(const struct health_model *m, char *err, size_t errsize);

/* Free the band names. */
void health_model_free(struct health_model *m);

struct health_run;

/*
 * Start a run.  as_of is the evaluation date, or INT_MIN for "the latest
 * event date": then events are kept in a temporary file (16 bytes each,
 * nameless, in TMPDIR) until the date is known, and replayed by
 * health_run_finish(); those three windows or more before the latest
 * date added so far are applied from the file during the pass already
 * (the as-of date cannot change what they count).  The model must
 * outlive the run.
 */
struct health_run *health_run_new(const struct health_model *m, int as_of);

/*
 * Collect the events of the account called name (plain text; it is
 * escaped here to match the events) for health_explain().  Call before
 * the first health_run_add().  The account then has state even when no
 * event names it.
 */
void health_run_watch(struct health_run *r, const char *name);

/* The escaped key of the watched account, or NULL. */
const char *health_run_watched_key(const struct health_run *r);

/*
 * Add one event.  It is copied into a batch; full batches go to a worker
 * thread (started with the first), which looks each account up once and
 * applies the events in input order.  The caller's thread and the worker
 * share nothing else, so the run must not be used otherwise until
 * health_run_finish().  No allocation per event.
 */
void health_run_add(struct health_run *r, const struct event *ev);

/*
 * Finish the pass: apply what is left and wait for the worker.  max_day
 * is the latest event date (INT_MIN when there was none; never earlier
 * than an event added); it becomes the as-of date when none was given
 * (the spooled events are applied then).  No event can be added after.
 */
void health_run_finish(struct health_run *r, int max_day);

/* The as-of date (INT_MIN when there is none) and the number of accounts. */
int health_run_as_of(const struct health_run *r);
size_t health_run_count(const struct health_run *r);

/* Bytes of memory held per account (state and map), for benchmarks. */
size_t health_run_memory(const struct health_run *r);

/* The result for one account at one evaluation date. */
struct health_score {
	int has_score;   /* 0: no component had data */
	double score;    /* 0..100 */
	double coverage; /* 0..1 */
	int driver;      /* component index, -1 for none */
	int has[HEALTH_MAXCOMP];
	double comp[HEALTH_MAXCOMP];
};

/*
 * Score account id at the as-of date (which = 0) or at as-of - window
 * (which = 1).
 */
void health_score(const struct health_run *r, size_t id, int which,
                  struct health_score *out);

/* The band name of a score. */
const char *health_band(const struct health_model *m, double score);

/*
 * Write the result table to f.  With accounts (a table keyed by account;
 * it is modified), its rows come first in its order, then accounts that
 * only the events know, sorted by key (bytewise); its columns come first.
 * Without, one row per account, sorted by key.  Then the columns health,
 * band, trend, driver, coverage and one per component.
 */
void health_write(FILE *f, struct health_run *r, struct table *accounts);

/*
 * Write the explanation for the watched account (raw events, the inputs
 * and the arithmetic of every number) to f.  in_table says whether the
 * account table has the account.  Returns 0, or -1 when neither the
 * events nor the table know it.
 */
int health_explain(FILE *f, struct health_run *r, int in_table);

/* Free the run.  NULL is allowed. */
void health_run_free(struct health_run *r);

#endif
