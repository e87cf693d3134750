/*
 * evpipe.c - events read on a second thread (see evpipe.h).
 *
 * One lane per consumer, each a ring of NBATCH batches: the reader puts
 * an event in the batch of its account's lane, publishes a batch when
 * it is full, and the consumer takes the one at head; a mutex and two
 * condition variables per lane guard its count of full batches.  A batch holds
 * the events and a copy of their strings (account, ref, kind); offsets
 * are kept while filling and turned into pointers when an event is taken.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "evpipe.h"
#include "xalloc.h"

#define NBATCH 4
#define BATCH_EVENTS 16384

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

/*
 * The batches of one part: a ring the reader fills at tail and the
 * part's consumer takes at head, guarded by lock.
 */
struct lane {
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	struct batch batch[NBATCH];
	int head, tail, full, done;
	size_t pos; /* next event in batch[head] */
	int taken;  /* the consumer holds batch[head] */
};

struct evpipe {
	struct event_reader *r;
	int show; /* progress is shown (progress_active()) */
	pthread_t thread;
	int threaded;
	int nparts;        /* consumers */
	int nlanes;        /* lanes made (nparts, unless unthreaded) */
	struct lane *lane; /* [nlanes] */
};

/* Copy len bytes of s and a NUL to b's strings (room already made). */
static void
copy_string(struct batch *b, const char *s, size_t len)
{
	memcpy(b->buf + b->used, s, len);
	b->buf[b->used + len] = '\0';
	b->used += len + 1;
}

/*
 * The part of the account key (len bytes) among n: a hash of its first
 * and last eight bytes (a few instructions; keys differ at the end).
 */
static int
part_of(const char *key, size_t len, int n)
{
	uint64_t a = 0, b = 0, h;
	size_t i;

	if (n == 1)
		return 0;
	if (len >= 8) { /* whole words: no partial copies to wait for */
		memcpy(&a, key, 8);
		memcpy(&b, key + len - 8, 8);
	} else {
		for (i = 0; i < len; i++)
			a = a << 8 | (unsigned char)key[i];
	}
	h = (a ^ (b * 0x9E3779B97F4A7C15u) ^ len) * 0xD6E8FEB86659FD93u;
	return (int)((h >> 32) % (unsigned)n);
}

/* Append ev to b (which has room for one more event). */
static void
pack(struct batch *b, const struct event *ev)
{
	struct packed *e;
	size_t need;

	need = b->used + ev->account_len + ev->ref_len + ev->kind_len + 3;
	if (need > UINT32_MAX)
		die(EXIT_SYSTEM, "events too long for a batch");
	if (need > b->cap) /* one check for the three strings */
		grow_array((void **)&b->buf, &b->cap, need, 1);
	e = &b->ev[b->n++];
	e->value = ev->value;
	e->line = ev->line;
	e->file = ev->file;
	e->off = (uint32_t)b->used;
	e->account_len = (uint32_t)ev->account_len;
	e->ref_len = (uint32_t)ev->ref_len;
	e->kind_len = (uint32_t)ev->kind_len;
	e->day = ev->day;
	e->type = (unsigned char)ev->type;
	e->has_value = ev->has_value != 0;
	copy_string(b, ev->account, ev->account_len);
	if (ev->kind == ev->ref + ev->ref_len + 1) {
		/* neighbours in the line (ref, TAB, kind): one copy */
		copy_string(b, ev->ref, ev->ref_len + 1 + ev->kind_len);
		b->buf[b->used - ev->kind_len - 2] = '\0';
	} else {
		copy_string(b, ev->ref, ev->ref_len);
		copy_string(b, ev->kind, ev->kind_len);
	}
}

/* Wait until lane l has an empty batch at tail; it is emptied. */
static struct batch *
lane_claim(struct lane *l)
{
	struct batch *b;

	pthread_mutex_lock(&l->lock);
	while (l->full == NBATCH)
		pthread_cond_wait(&l->not_full, &l->lock);
	pthread_mutex_unlock(&l->lock);
	b = &l->batch[l->tail];
	b->n = 0;
	b->used = 0;
	return b;
}

/* Hand lane l's batch at tail to its consumer; last: no more follow. */
static void
lane_publish(struct lane *l, int last)
{
	pthread_mutex_lock(&l->lock);
	l->tail = (l->tail + 1) % NBATCH;
	l->full++;
	l->done = last;
	pthread_cond_signal(&l->not_empty);
	pthread_mutex_unlock(&l->lock);
}

static void *
reader(void *arg)
{
	struct evpipe *p = arg;
	struct batch **cur = xcalloc(p->nparts, sizeof(struct batch *));
	struct event ev;
	int k;

	for (k = 0; k < p->nparts; k++)
		cur[k] = lane_claim(&p->lane[k]);
	while (event_next(p->r, &ev)) {
		k = part_of(ev.account, ev.account_len, p->nparts);
		pack(cur[k], &ev);
		if (cur[k]->n == BATCH_EVENTS) {
			lane_publish(&p->lane[k], 0);
			cur[k] = lane_claim(&p->lane[k]);
		}
		/* cheap: it looks at the clock once in 65536 calls; none
		   at all (not even for the counts) when progress is off */
		if (p->show)
			progress_update(event_reader_count(p->r),
			                event_reader_bytes(p->r));
	}
	for (k = 0; k < p->nparts; k++)
		lane_publish(&p->lane[k], 1);
	progress_end();
	free(cur);
	return NULL;
}

struct evpipe *
evpipe_start_parts(struct event_reader *r, enum progress_mode mode,
                   int nparts)
{
	struct evpipe *p = xcalloc(1, sizeof(*p));
	int k;

	p->r = r;
	progress_start(mode, "events"); /* before the reader thread uses it */
	p->show = progress_active();
	p->nparts = p->nlanes = nparts < 1 ? 1 : nparts;
	/* on huge pages: the batches are megabytes, written by one thread
	   and read by another, and would otherwise fault in by small pages */
	p->lane = xcalloc_huge_lazy(p->nlanes, sizeof(*p->lane));
	for (k = 0; k < p->nlanes; k++) {
		pthread_mutex_init(&p->lane[k].lock, NULL);
		pthread_cond_init(&p->lane[k].not_full, NULL);
		pthread_cond_init(&p->lane[k].not_empty, NULL);
	}
	p->threaded = pthread_create(&p->thread, NULL, reader, p) == 0;
	if (!p->threaded)
		p->nparts = 1;
	return p;
}

struct evpipe *
evpipe_start(struct event_reader *r, enum progress_mode mode)
{
	return evpipe_start_parts(r, mode, 1);
}

int
evpipe_parts(const struct evpipe *p)
{
	return p->nparts;
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

/* The event kept as e in b. */
static void
unpack(const struct batch *b, const struct packed *e, struct event *ev)
{
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
}

int
evpipe_next_part(struct evpipe *p, int part, struct event *ev)
{
	struct lane *l = &p->lane[part];
	struct batch *b;

	if (!p->threaded)
		return next_unthreaded(p, ev);
	for (;;) {
		if (!l->taken) {
			pthread_mutex_lock(&l->lock);
			while (l->full == 0)
				pthread_cond_wait(&l->not_empty, &l->lock);
			pthread_mutex_unlock(&l->lock);
			l->taken = 1;
			l->pos = 0;
		}
		b = &l->batch[l->head];
		if (l->pos < b->n)
			break;
		/* batch used up: hand it back */
		pthread_mutex_lock(&l->lock);
		l->head = (l->head + 1) % NBATCH;
		l->full--;
		l->taken = 0;
		if (l->done && l->full == 0) {
			pthread_mutex_unlock(&l->lock);
			return 0;
		}
		pthread_cond_signal(&l->not_full);
		pthread_mutex_unlock(&l->lock);
	}
	unpack(b, &b->ev[l->pos++], ev);
	return 1;
}

int
evpipe_peek_part(struct evpipe *p, int part, size_t ahead, struct event *ev)
{
	struct lane *l = &p->lane[part];
	struct batch *b;

	if (!p->threaded || !l->taken)
		return 0;
	b = &l->batch[l->head];
	if (l->pos + ahead - 1 >= b->n)
		return 0;
	unpack(b, &b->ev[l->pos + ahead - 1], ev);
	return 1;
}

int
evpipe_next(struct evpipe *p, struct event *ev)
{
	return evpipe_next_part(p, 0, ev);
}

void
evpipe_finish(struct evpipe *p)
{
	int i, k;

	if (p->threaded)
		pthread_join(p->thread, NULL);
	else
		progress_end();
	for (k = 0; k < p->nlanes; k++) {
		struct lane *l = &p->lane[k];

		pthread_mutex_destroy(&l->lock);
		pthread_cond_destroy(&l->not_full);
		pthread_cond_destroy(&l->not_empty);
		for (i = 0; i < NBATCH; i++)
			free(l->batch[i].buf);
	}
	free(p->lane);
	free(p);
}
