/*
 * evpipe.c - events read on a second thread (see evpipe.h).
 *
 * A ring of NBATCH batches: the reader fills the one at tail and
 * publishes it, the consumer takes the one at head; a mutex and two
 * condition variables guard the count of full batches.  A batch holds
 * the events and a copy of their strings (account, ref, kind); offsets
 * are kept while filling and turned into pointers when an event is taken.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "evpipe.h"
#include "xalloc.h"

#define NBATCH 4
#define BATCH_EVENTS 8192

struct batch {
	struct event ev[BATCH_EVENTS];
	size_t off[BATCH_EVENTS][3]; /* account, ref, kind in buf */
	size_t n;
	char *buf;
	size_t used, cap;
};

struct evpipe {
	struct event_reader *r;
	enum progress_mode mode;
	pthread_t thread;
	int threaded;
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	struct batch batch[NBATCH];
	int head, tail, full, done;
	size_t pos; /* next event in batch[head] */
	int taken;  /* the consumer holds batch[head] */
};

/* Copy len bytes of s and a NUL to b's strings (room already made). */
static size_t
copy_string(struct batch *b, const char *s, size_t len)
{
	size_t at = b->used;

	memcpy(b->buf + at, s, len);
	b->buf[at + len] = '\0';
	b->used += len + 1;
	return at;
}

/* Fill b from the reader; returns 0 when the input is exhausted. */
static int
fill(struct evpipe *p, struct batch *b)
{
	struct event ev;

	b->n = 0;
	b->used = 0;
	while (b->n < BATCH_EVENTS) {
		size_t need;

		if (!event_next(p->r, &ev))
			return 0;
		need = b->used + ev.account_len + ev.ref_len + ev.kind_len + 3;
		if (need > b->cap) /* one check for the three strings */
			grow_array((void **)&b->buf, &b->cap, need, 1);
		b->off[b->n][0] = copy_string(b, ev.account, ev.account_len);
		b->off[b->n][1] = copy_string(b, ev.ref, ev.ref_len);
		b->off[b->n][2] = copy_string(b, ev.kind, ev.kind_len);
		b->ev[b->n++] = ev;
		/* cheap: it looks at the clock once in 65536 calls */
		progress_update(event_reader_count(p->r),
		                event_reader_bytes(p->r));
	}
	return 1;
}

static void *
reader(void *arg)
{
	struct evpipe *p = arg;
	int more = 1;

	progress_start(p->mode, "events");
	while (more) {
		pthread_mutex_lock(&p->lock);
		while (p->full == NBATCH)
			pthread_cond_wait(&p->not_full, &p->lock);
		pthread_mutex_unlock(&p->lock);
		more = fill(p, &p->batch[p->tail]);
		pthread_mutex_lock(&p->lock);
		p->tail = (p->tail + 1) % NBATCH;
		p->full++;
		p->done = !more;
		pthread_cond_signal(&p->not_empty);
		pthread_mutex_unlock(&p->lock);
	}
	progress_end();
	return NULL;
}

struct evpipe *
evpipe_start(struct event_reader *r, enum progress_mode mode)
{
	struct evpipe *p = xcalloc(1, sizeof(*p));

	p->r = r;
	p->mode = mode;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->not_full, NULL);
	pthread_cond_init(&p->not_empty, NULL);
	p->threaded = pthread_create(&p->thread, NULL, reader, p) == 0;
	if (!p->threaded)
		progress_start(mode, "events");
	return p;
}

static int
next_unthreaded(struct evpipe *p, struct event *ev)
{
	if (event_next(p->r, ev)) {
		progress_update(event_reader_count(p->r),
		                event_reader_bytes(p->r));
		return 1;
	}
	return 0;
}

int
evpipe_next(struct evpipe *p, struct event *ev)
{
	struct batch *b;

	if (!p->threaded)
		return next_unthreaded(p, ev);
	for (;;) {
		if (!p->taken) {
			pthread_mutex_lock(&p->lock);
			while (p->full == 0)
				pthread_cond_wait(&p->not_empty, &p->lock);
			pthread_mutex_unlock(&p->lock);
			p->taken = 1;
			p->pos = 0;
		}
		b = &p->batch[p->head];
		if (p->pos < b->n)
			break;
		/* batch used up: hand it back */
		pthread_mutex_lock(&p->lock);
		p->head = (p->head + 1) % NBATCH;
		p->full--;
		p->taken = 0;
		if (p->done && p->full == 0) {
			pthread_mutex_unlock(&p->lock);
			return 0;
		}
		pthread_cond_signal(&p->not_full);
		pthread_mutex_unlock(&p->lock);
	}
	*ev = b->ev[p->pos];
	ev->account = b->buf + b->off[p->pos][0];
	ev->ref = b->buf + b->off[p->pos][1];
	ev->kind = b->buf + b->off[p->pos][2];
	p->pos++;
	return 1;
}

void
evpipe_finish(struct evpipe *p)
{
	int i;

	if (p->threaded)
		pthread_join(p->thread, NULL);
	else
		progress_end();
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->not_full);
	pthread_cond_destroy(&p->not_empty);
	for (i = 0; i < NBATCH; i++)
		free(p->batch[i].buf);
	free(p);
}
