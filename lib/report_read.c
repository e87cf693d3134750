/*
 * report_read.c - events to KPI states on several threads (see
 * report_read.h).
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "error.h"
#include "evpipe.h"
#include "report_read.h"
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

static void *
consume(void *arg)
{
	struct consumer *c = arg;
	struct event ev;

	if (!c->s)
		c->s = kpi_new_like(c->first, c->nparts);
	while (evpipe_next_part(c->p, c->part, &ev))
		kpi_add_event(c->s, &ev);
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

struct kpi_state **
report_read(struct kpi_state *first, struct event_reader *er,
            enum progress_mode mode, int nparts, int prep, int *n)
{
	struct evpipe *p = evpipe_start_parts(er, mode, nparts);
	struct consumer *c;
	struct kpi_state **states;
	int k, latest = INT_MIN;

	*n = evpipe_parts(p);
	c = xcalloc(*n, sizeof(*c));
	for (k = 0; k < *n; k++)
		c[k] = (struct consumer){p, k, *n, first, k ? NULL : first,
		                         INT_MIN, 0};
	run_parts(c, *n, consume);
	evpipe_finish(p);
	states = xcalloc(*n, sizeof(struct kpi_state *));
	for (k = 0; k < *n; k++) {
		states[k] = c[k].s;
		if (kpi_max_day(c[k].s) > latest)
			latest = kpi_max_day(c[k].s);
	}
	for (k = 0; k < *n; k++)
		c[k].latest = latest;
	if (prep && *n > 1)
		run_parts(c, *n, prepare);
	free(c);
	return states;
}
