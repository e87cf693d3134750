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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "evpipe.h"
#include "xalloc.h"

#define NBATCH 4
#define BATCH_EVENTS 8192

/*
 * An event as kept in a batch: half the size of struct event, as every
 * byte written here is read on the other processor.  Its strings
 * (account, ref, kind, each NUL terminated) follow each other in buf
 * from off.
 */
struct packed {
	double value;
	long line;
	const char *file;
	uint32_t off, account_len, ref_len, kind_len;
	int32_t day;
	unsigned char type, has_value;
};

struct batch {
	struct packed ev[BATCH_EVENTS];
	size_t n;
	char *buf;
	size_t used, cap;
};

struct evpipe {
	struct event_reader *r;
	enum progress_mode mode;
	int show; /* progress is shown (progress_start()'s rule) */
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
static void
copy_string(struct batch *b, const char *s, size_t len)
{
	memcpy(b->buf + b->used, s, len);
	b->buf[b->used + len] = '\0';
	b->used += len + 1;
}

/* Fill b from the reader; returns 0 when the input is exhausted. */
static int
fill(struct evpipe *p, struct batch *b)
{
	struct event ev;
	struct packed *e;

	b->n = 0;
	b->used = 0;
	while (b->n < BATCH_EVENTS) {
		size_t need;

		if (!event_next(p->r, &ev))
			return 0;
		need = b->used + ev.account_len + ev.ref_len + ev.kind_len + 3;
		if (need > UINT32_MAX)
			die(EXIT_SYSTEM, "events too long for a batch");
		if (need > b->cap) /* one check for the three strings */
			grow_array((void **)&b->buf, &b->cap, need, 1);
		e = &b->ev[b->n++];
		e->value = ev.value;
		e->line = ev.line;
		e->file = ev.file;
		e->off = (uint32_t)b->used;
		e->account_len = (uint32_t)ev.account_len;
		e->ref_len = (uint32_t)ev.ref_len;
		e->kind_len = (uint32_t)ev.kind_len;
		e->day = ev.day;
		e->type = (unsigned char)ev.type;
		e->has_value = ev.has_value != 0;
		copy_string(b, ev.account, ev.account_len);
		if (ev.kind == ev.ref + ev.ref_len + 1) {
			/* neighbours in the line (ref, TAB, kind): one copy */
			copy_string(b, ev.ref, ev.ref_len + 1 + ev.kind_len);
			b->buf[b->used - ev.kind_len - 2] = '\0';
		} else {
			copy_string(b, ev.ref, ev.ref_len);
			copy_string(b, ev.kind, ev.kind_len);
		}
		/* cheap: it looks at the clock once in 65536 calls; none
		   at all (not even for the counts) when progress is off */
		if (p->show)
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
	p->show = mode == PROGRESS_ON ||
	          (mode == PROGRESS_AUTO && isatty(STDERR_FILENO));
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
	struct packed *e;

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
	e = &b->ev[p->pos++];
	ev->account = b->buf + e->off;
	ev->account_len = e->account_len;
	ev->day = e->day;
	ev->type = (enum event_type)e->type;
	ev->has_value = e->has_value;
	ev->value = e->value;
	ev->ref = ev->account + e->account_len + 1;
	ev->ref_len = e->ref_len;
	ev->kind = ev->ref + e->ref_len + 1;
	ev->kind_len = e->kind_len;
	ev->file = e->file;
	ev->line = e->line;
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
