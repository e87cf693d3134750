/*
 * report_read.c - events to KPI states on several threads (see
 * report_read.h).
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "evpipe.h"
#include "report_read.h"
#include "strmap.h"
#include "xalloc.h"

int
report_parts(void)
{
	const char *env = getenv("RMKIT_THREADS");
	long n;

	if (env && *env) {
		char *end;

		n = strtol(env, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 16)
			return (int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* One part: its state is made on its own thread (memory it touches). */
struct consumer {
	struct evpipe *p;
	int part, nparts;
	struct kpi_state *first, *s;
	int latest; /* for kpi_prepare() */
	pthread_t thread;
};

/*
 * How far ahead an event's state is fetched, in the steps of
 * kpi_ahead_begin() and the others (kpi.h), and the ring that holds what
 * each step found for the next (AHEAD_BEGIN entries).
 */
#define AHEAD_BEGIN 16
#define AHEAD_ACCOUNT 8
#define AHEAD_PAIR 4
#define AHEAD_RECORD 2

struct ahead_ring {
	struct kpi_ahead a[AHEAD_BEGIN];
	unsigned long long seq[AHEAD_BEGIN]; /* the event each one is for */
};

/*
 * The ring's entry for event number n, or NULL when its first step was
 * not taken (it was not in the batch at hand then).
 */
static struct kpi_ahead *
ahead_entry(struct ahead_ring *r, unsigned long long n)
{
	size_t i = n % AHEAD_BEGIN;

	return r->seq[i] == n ? &r->a[i] : NULL;
}

/* Take the steps for the events to come after event number n. */
static void
look_ahead(struct consumer *c, struct ahead_ring *r, unsigned long long n)
{
	struct kpi_ahead *a;
	struct event ev;

	if (evpipe_peek_part(c->p, c->part, AHEAD_BEGIN, &ev)) {
		size_t i = (n + AHEAD_BEGIN) % AHEAD_BEGIN;

		kpi_ahead_begin(c->s, &ev, &r->a[i]);
		r->seq[i] = n + AHEAD_BEGIN;
	}
	if ((a = ahead_entry(r, n + AHEAD_ACCOUNT)))
		kpi_ahead_account(c->s, a);
	if ((a = ahead_entry(r, n + AHEAD_PAIR)))
		kpi_ahead_pair(c->s, a);
	if ((a = ahead_entry(r, n + AHEAD_RECORD)))
		kpi_ahead_record(c->s, a);
}

static void *
consume(void *arg)
{
	struct consumer *c = arg;
	struct ahead_ring *ring = xcalloc(1, sizeof(*ring));
	unsigned long long n = 0;
	struct event ev;

	if (!c->s)
		c->s = kpi_new_like(c->first, c->nparts);
	memset(ring->seq, 0xff, sizeof(ring->seq));
	while (evpipe_next_part(c->p, c->part, &ev)) {
		look_ahead(c, ring, n++);
		kpi_add_event(c->s, &ev);
	}
	free(ring);
	return NULL;
}

static void *
prepare(void *arg)
{
	struct consumer *c = arg;

	kpi_prepare(c->s, c->latest);
	return NULL;
}

/* Run fn on every part, part 0 on this thread. */
static void
run_parts(struct consumer *c, int n, void *(*fn)(void *))
{
	int k;

	for (k = 1; k < n; k++)
		if (pthread_create(&c[k].thread, NULL, fn, &c[k]))
			die(EXIT_SYSTEM, "cannot start a thread");
	fn(&c[0]);
	for (k = 1; k < n; k++)
		pthread_join(c[k].thread, NULL);
}

/* ---- one file read in parts, each part on its own thread ---- */

/* Files smaller than this are read by one thread (RMKIT_SPLIT_BYTES). */
#define SPLIT_MIN_BYTES ((long long)8 << 20)

/* The smallest file read in parts: RMKIT_SPLIT_BYTES, else the default. */
static long long
split_min_bytes(void)
{
	const char *env = getenv("RMKIT_SPLIT_BYTES");
	long long n;
	char *end;

	if (env && *env) {
		n = strtoll(env, &end, 10);
		if (*end == '\0' && n >= 1)
			return n;
	}
	return SPLIT_MIN_BYTES;
}

/* Events between looks at the other parts and at the order of accounts. */
#define LOOK_EVERY 4096

/* What the parts share. */
struct split {
	int nparts;
	struct kpi_state *first;
	atomic_int stop; /* a part failed: every part stops */
	int show;        /* progress is shown (by part 0) */
	_Atomic unsigned long long *events, *bytes; /* [nparts] so far */
};

/* One part of the file, read and fed to its own state on a thread. */
struct part {
	struct split *sp;
	int k;
	struct event_reader *r;
	struct kpi_state *s;
	pthread_t thread;
};

/* Part 0: show the progress of all parts. */
static void
show_progress(struct split *sp)
{
	unsigned long long events = 0, bytes = 0;
	int k;

	for (k = 0; k < sp->nparts; k++) {
		events += atomic_load_explicit(&sp->events[k],
		                               memory_order_relaxed);
		bytes += atomic_load_explicit(&sp->bytes[k],
		                              memory_order_relaxed);
	}
	progress_update(events, bytes);
}

/*
 * Whether part c may go on: no part has failed, and its events so far
 * came grouped by account (else the parts would share accounts: the
 * file is read again as a whole, and failing early saves the work).
 */
static int
part_goes_on(struct part *c)
{
	struct split *sp = c->sp;

	atomic_store_explicit(&sp->events[c->k], event_reader_count(c->r),
	                      memory_order_relaxed);
	atomic_store_explicit(&sp->bytes[c->k], event_reader_bytes(c->r),
	                      memory_order_relaxed);
	if (kpi_account_returns(c->s) > 0)
		atomic_store(&sp->stop, 1);
	return !atomic_load_explicit(&sp->stop, memory_order_relaxed);
}

static void *
read_part(void *arg)
{
	struct part *c = arg;
	struct event ev;
	unsigned n = 0;

	c->s = kpi_new_like(c->sp->first, c->sp->nparts);
	while (event_next(c->r, &ev)) {
		kpi_add_event(c->s, &ev);
		if (++n % LOOK_EVERY == 0 && !part_goes_on(c))
			return NULL;
		if (c->k == 0 && c->sp->show)
			show_progress(c->sp);
	}
	if (!part_goes_on(c) || event_reader_gave_up(c->r))
		atomic_store(&c->sp->stop, 1);
	return NULL;
}

/*
 * Read the nparts parts of er's file on threads (part 0 on this one).
 * Returns the states, or NULL (everything freed, er untouched) when a
 * part met a row it refuses or the parts share an account.
 */
static struct kpi_state **
read_split(struct kpi_state *first, struct event_reader *er,
           struct event_reader **readers, int nparts, int show)
{
	struct split sp = {nparts, first, 0, show, NULL, NULL};
	struct part *c = xcalloc(nparts, sizeof(*c));
	struct kpi_state **states =
	    xcalloc(nparts, sizeof(struct kpi_state *));
	int k, started = 1;

	sp.events = xcalloc(nparts, sizeof(*sp.events));
	sp.bytes = xcalloc(nparts, sizeof(*sp.bytes));
	for (k = 0; k < nparts; k++)
		c[k] = (struct part){&sp, k, readers[k], NULL, 0};
	for (k = 1; k < nparts && started == k; k++)
		if (pthread_create(&c[k].thread, NULL, read_part, &c[k]) == 0)
			started++;
		else
			atomic_store(&sp.stop, 1);
	read_part(&c[0]);
	for (k = 1; k < started; k++)
		pthread_join(c[k].thread, NULL);
	for (k = 0; k < nparts; k++)
		states[k] = c[k].s;
	if (started < nparts || atomic_load(&sp.stop) ||
	    kpi_accounts_overlap(states, nparts)) {
		for (k = 0; k < started; k++)
			if (states[k])
				kpi_free(states[k]);
		free(states);
		states = NULL;
	} else {
		for (k = 0; k < nparts; k++)
			event_reader_add_counts(er, readers[k]);
		kpi_free(first);
	}
	for (k = 0; k < nparts; k++)
		event_reader_close(readers[k]);
	free(sp.events);
	free(sp.bytes);
	free(c);
	return states;
}

/* Events read to see whether a file is grouped before it is cut. */
#define PROBE_EVENTS 4096

/*
 * The probe (see report_read.h): a file in no account order is found
 * for the price of reading a few thousand lines, not of starting the
 * parts and their states.
 */
int
report_may_be_grouped(struct event_reader *er)
{
	struct event_reader *probe[2];
	struct strmap *seen;
	struct event ev;
	size_t last = (size_t)-1, id;
	int k, added, grouped = 1;

	if (event_reader_split(er, 2, split_min_bytes(), probe) != 2)
		return 1;
	seen = strmap_new();
	for (k = 0; grouped && k < PROBE_EVENTS &&
	            event_next(probe[0], &ev);
	     k++) {
		id = strmap_intern(seen, ev.account, ev.account_len, &added);
		if (!added && id != last)
			grouped = 0; /* an account back after another */
		last = id;
	}
	if (k == PROBE_EVENTS && strmap_count(seen) * 2 > PROBE_EVENTS)
		grouped = 0; /* mostly one event per account */
	strmap_free(seen);
	event_reader_close(probe[0]);
	event_reader_close(probe[1]);
	return grouped;
}

/*
 * The states from er's file read in parts on nparts threads, or NULL
 * when it is not such a file or is not grouped by account.
 */
static struct kpi_state **
try_split(struct kpi_state *first, struct event_reader *er,
          enum progress_mode mode, int nparts, int *n)
{
	struct event_reader **readers;
	struct kpi_state **states = NULL;

	*n = 0;
	if (!report_may_be_grouped(er))
		return NULL;
	readers = xcalloc(nparts, sizeof(struct event_reader *));
	*n = event_reader_split(er, nparts, split_min_bytes(), readers);
	if (*n > 1) {
		progress_start(mode, "events");
		states = read_split(first, er, readers, *n, progress_active());
		progress_end();
	}
	free(readers);
	return states;
}

/* ---- one reader, events handed to the parts by account ---- */

static struct kpi_state **
read_piped(struct kpi_state *first, struct event_reader *er,
           enum progress_mode mode, int nparts, int *n)
{
	struct evpipe *p = evpipe_start_parts(er, mode, nparts);
	struct consumer *c;
	struct kpi_state **states;
	int k;

	*n = evpipe_parts(p);
	c = xcalloc(*n, sizeof(*c));
	for (k = 0; k < *n; k++)
		c[k] = (struct consumer){p, k, *n, first, k ? NULL : first,
		                         INT_MIN, 0};
	run_parts(c, *n, consume);
	evpipe_finish(p);
	states = xcalloc(*n, sizeof(struct kpi_state *));
	for (k = 0; k < *n; k++)
		states[k] = c[k].s;
	free(c);
	return states;
}

/* kpi_prepare() the n states on threads of their own. */
static void
prepare_parts(struct kpi_state **states, int n)
{
	struct consumer *c = xcalloc(n, sizeof(*c));
	int k, latest = INT_MIN;

	for (k = 0; k < n; k++)
		if (kpi_max_day(states[k]) > latest)
			latest = kpi_max_day(states[k]);
	for (k = 0; k < n; k++) {
		c[k].s = states[k];
		c[k].latest = latest;
	}
	run_parts(c, n, prepare);
	free(c);
}

struct kpi_state **
report_read(struct kpi_state *first, struct event_reader *er,
            enum progress_mode mode, int nparts, int prep, int *n,
            int *split)
{
	struct kpi_state **states = NULL;

	if (nparts > 1)
		states = try_split(first, er, mode, nparts, n);
	if (split)
		*split = states != NULL;
	if (!states)
		states = read_piped(first, er, mode, nparts, n);
	if (prep && *n > 1)
		prepare_parts(states, *n);
	return states;
}
