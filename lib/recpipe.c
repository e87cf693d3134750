/*
 * recpipe.c - CSV records parsed on a second thread (see recpipe.h).
 *
 * A ring of NBATCH batches: the parsing thread fills the batch at tail
 * and publishes it when it holds batch_bytes of records (or at the end);
 * the caller takes the one at head.  A mutex and two condition variables
 * guard the count of full batches, as in evpipe.c.  A batch is one
 * buffer of slots, each a struct slot followed by the record's field
 * lengths (32 bits each), its fields' text (each NUL terminated, one
 * after the other, as the reader keeps them; only the selected columns
 * hold bytes) and its raw bytes (only kept for --rejects) and a NUL.  The
 * caller reads the text where it lies in the batch and works out the
 * offsets from the lengths: nothing is copied or searched again.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "recpipe.h"
#include "xalloc.h"

#define NBATCH 4

enum slot_kind {
	SLOT_RECORD, /* a record: lengths, fields, raw bytes */
	SLOT_ERROR,  /* a syntax error: its message, then the raw bytes */
	SLOT_FAILED  /* the input failed: its message; exit status in line */
};

/*
 * One record in a batch; for a record, nfields lengths (uint32_t) follow
 * it, then its text and raw bytes.
 */
struct slot {
	long line;
	uint32_t nfields, text_len, raw_len;
	int32_t kind;
};

struct batch {
	char *buf; /* slots, each 8-byte aligned */
	size_t used, cap;
	unsigned long long bytes; /* input read when it was published */
};

struct recpipe {
	struct csv_reader *r;
	struct input *in;
	enum recpipe_mode mode;
	size_t batch_bytes;
	int threaded;
	pthread_t thread;
	/* the ring, guarded by lock */
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	struct batch batch[NBATCH];
	int head, tail, full, done, stop;
	/* the caller's side */
	int taken;  /* the caller holds batch[head] */
	size_t pos; /* next slot in batch[head] */
	int ended;  /* the end was returned */
	const struct slot *cur;
	size_t *off, *len, fcap; /* the current record's fields */
	unsigned long long bytes;
};

enum recpipe_mode
recpipe_threads(void)
{
	const char *env = getenv("RMKIT_THREADS");

	if (env && *env) {
		char *end;
		long n = strtol(env, &end, 10);

		if (*end == '\0' && n == 1)
			return RECPIPE_ONE;
		if (*end == '\0' && n >= 2 && n <= 16)
			return RECPIPE_TWO;
	}
	/* not by default: more CPU for no shorter runs (recpipe.h) */
	return RECPIPE_ONE;
}

struct recpipe *
recpipe_start(struct csv_reader *r, struct input *in, enum recpipe_mode mode)
{
	struct recpipe *p = xcalloc(1, sizeof(*p));

	p->r = r;
	p->in = in;
	p->mode = mode;
	p->batch_bytes = RECPIPE_BATCH_BYTES;
	return p;
}

void
recpipe_set_batch_bytes(struct recpipe *p, size_t n)
{
	p->batch_bytes = n ? n : 1;
}

/* ---------------------------------------------------------------- */
/* The parsing thread                                               */

/* Wait for an empty batch at tail; NULL when told to stop. */
static struct batch *
claim(struct recpipe *p)
{
	struct batch *b;
	int stop;

	pthread_mutex_lock(&p->lock);
	while (p->full == NBATCH && !p->stop)
		pthread_cond_wait(&p->not_full, &p->lock);
	stop = p->stop;
	pthread_mutex_unlock(&p->lock);
	if (stop)
		return NULL;
	b = &p->batch[p->tail];
	b->used = 0;
	return b;
}

/* Hand the batch at tail over; last: nothing follows it. */
static void
publish(struct recpipe *p, int last)
{
	p->batch[p->tail].bytes = input_bytes(p->in);
	pthread_mutex_lock(&p->lock);
	p->tail = (p->tail + 1) % NBATCH;
	p->full++;
	p->done = last;
	pthread_cond_signal(&p->not_empty);
	pthread_mutex_unlock(&p->lock);
}

static uint32_t
u32(size_t n)
{
	if (n > UINT32_MAX)
		die(EXIT_SYSTEM, "record too long to hand over");
	return (uint32_t)n;
}

/* The size of a slot with n fields, text_len and raw_len bytes. */
static size_t
slot_size(size_t n, size_t text_len, size_t raw_len)
{
	size_t need =
	    sizeof(struct slot) + n * sizeof(uint32_t) + text_len + raw_len + 1;

	return (need + 7) & ~(size_t)7;
}

/* The field lengths of slot s. */
static const uint32_t *
slot_lengths(const struct slot *s)
{
	return (const uint32_t *)(const void *)(s + 1);
}

/* The text of slot s (after its lengths). */
static const char *
slot_text(const struct slot *s)
{
	return (const char *)(slot_lengths(s) + s->nfields);
}

/*
 * Append a slot to b: n field lengths (none for an error or a failure),
 * the text (the fields one after the other, each NUL terminated) and the
 * raw bytes.
 */
static void
put_slot(struct batch *b, enum slot_kind kind, long line, size_t n,
         const size_t *len, const char *text, size_t text_len, const char *raw,
         size_t raw_len)
{
	size_t need = slot_size(n, text_len, raw_len), i;
	struct slot *s;
	uint32_t *f;
	char *t;

	if (b->used + need > b->cap)
		grow_array((void **)&b->buf, &b->cap, b->used + need, 1);
	s = (struct slot *)(void *)(b->buf + b->used);
	s->line = line;
	s->nfields = u32(n);
	s->text_len = u32(text_len);
	s->raw_len = u32(raw_len);
	s->kind = kind;
	f = (uint32_t *)(void *)(s + 1);
	for (i = 0; i < n; i++)
		f[i] = (uint32_t)len[i]; /* each below text_len */
	t = (char *)(f + n);
	memcpy(t, text, text_len);
	if (raw_len)
		memcpy(t + text_len, raw, raw_len);
	t[text_len + raw_len] = '\0';
	b->used += need;
}

/* Append what csv_reader_next() returned (rc 1 or -1) to b. */
static void
put_record(struct recpipe *p, struct batch *b, int rc)
{
	struct csv_reader *r = p->r;
	size_t raw_len, n = csv_reader_nfields(r), text_len = 0;
	const char *raw = csv_reader_raw(r, &raw_len), *text;
	const size_t *off, *len;

	if (rc < 0) {
		text = csv_reader_error(r);
		put_slot(b, SLOT_ERROR, csv_reader_line(r), 0, NULL, text,
		         strlen(text) + 1, raw, raw_len);
		return;
	}
	text = csv_reader_record(r, &off, &len);
	if (n > 0)
		text_len = off[n - 1] + len[n - 1] + 1;
	put_slot(b, SLOT_RECORD, csv_reader_line(r), n, len, text, text_len,
	         raw, raw_len);
}

static void *
parse_records(void *arg)
{
	struct recpipe *p = arg;
	struct batch *b = claim(p);
	const char *msg;
	int rc, status;

	while (b != NULL) {
		rc = csv_reader_next(p->r);
		status = input_failed(p->in, &msg);
		if (status != 0) {
			/* what the reader made of the input's end is not
			   real: input_read() would have ended the program */
			put_slot(b, SLOT_FAILED, status, 0, NULL, msg,
			         strlen(msg) + 1, "", 0);
			rc = 0;
		} else if (rc != 0) {
			put_record(p, b, rc);
		}
		if (rc == 0) {
			publish(p, 1);
			break;
		}
		if (b->used >= p->batch_bytes) {
			publish(p, 0);
			b = claim(p);
		}
	}
	return NULL;
}

/* Start the parsing thread; stays on the caller's thread if it cannot. */
static void
start_thread(struct recpipe *p)
{
	p->mode = RECPIPE_ONE; /* decided, whatever happens */
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->not_full, NULL);
	pthread_cond_init(&p->not_empty, NULL);
	input_keep_errors(p->in, 1);
	p->threaded = pthread_create(&p->thread, NULL, parse_records, p) == 0;
	if (!p->threaded) {
		input_keep_errors(p->in, 0);
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->not_full);
		pthread_cond_destroy(&p->not_empty);
	}
}

/* ---------------------------------------------------------------- */
/* The caller's side                                                */

/* The next slot, or NULL at the end. */
static const struct slot *
take_slot(struct recpipe *p)
{
	struct batch *b;
	const struct slot *s;

	for (;;) {
		if (!p->taken) {
			pthread_mutex_lock(&p->lock);
			while (p->full == 0)
				pthread_cond_wait(&p->not_empty, &p->lock);
			pthread_mutex_unlock(&p->lock);
			p->taken = 1;
			p->pos = 0;
			p->bytes = p->batch[p->head].bytes;
		}
		b = &p->batch[p->head];
		if (p->pos < b->used)
			break;
		/* batch used up: hand it back */
		pthread_mutex_lock(&p->lock);
		p->head = (p->head + 1) % NBATCH;
		p->full--;
		p->taken = 0;
		if (p->done && p->full == 0) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		pthread_cond_signal(&p->not_full);
		pthread_mutex_unlock(&p->lock);
	}
	s = (const struct slot *)(const void *)(b->buf + p->pos);
	p->pos += slot_size(s->nfields, s->text_len, s->raw_len);
	return s;
}

/* The offsets and lengths of record s's fields, from its lengths. */
static void
unpack_fields(struct recpipe *p, const struct slot *s)
{
	const uint32_t *l = slot_lengths(s);
	size_t i, n = s->nfields, off = 0;

	if (n > p->fcap) {
		size_t cap = p->fcap;

		grow_array((void **)&p->off, &cap, n, sizeof(*p->off));
		p->len = xreallocarray(p->len, cap, sizeof(*p->len));
		p->fcap = cap;
	}
	for (i = 0; i < n; i++) {
		p->off[i] = off;
		p->len[i] = l[i];
		off += l[i] + 1;
	}
}

static int
next_threaded(struct recpipe *p)
{
	const struct slot *s = p->ended ? NULL : take_slot(p);

	p->cur = s;
	if (s == NULL) {
		p->ended = 1;
		return 0;
	}
	if (s->kind == SLOT_RECORD) {
		unpack_fields(p, s);
		return 1;
	}
	if (s->kind == SLOT_ERROR)
		return -1;
	/* the input failed here: the thread has ended */
	pthread_join(p->thread, NULL);
	p->threaded = 0;
	p->cur = NULL;
	die((int)s->line, "%s", slot_text(s));
}

int
recpipe_next(struct recpipe *p)
{
	int rc;

	if (!p->threaded && !p->ended && p->mode != RECPIPE_ONE &&
	    (p->mode == RECPIPE_TWO ||
	     input_bytes(p->in) >= RECPIPE_START_BYTES))
		start_thread(p);
	if (p->threaded)
		return next_threaded(p);
	rc = csv_reader_next(p->r);
	if (rc == 0)
		p->ended = 1;
	return rc;
}

size_t
recpipe_nfields(const struct recpipe *p)
{
	if (!p->threaded)
		return csv_reader_nfields(p->r);
	return p->cur && p->cur->kind == SLOT_RECORD ? p->cur->nfields : 0;
}

const char *
recpipe_record(const struct recpipe *p, const size_t **off, const size_t **len)
{
	if (!p->threaded)
		return csv_reader_record(p->r, off, len);
	*off = p->off;
	*len = p->len;
	return p->cur ? slot_text(p->cur) : "";
}

long
recpipe_line(const struct recpipe *p)
{
	if (!p->threaded)
		return csv_reader_line(p->r);
	return p->cur ? p->cur->line : 0;
}

const char *
recpipe_error(const struct recpipe *p)
{
	if (!p->threaded)
		return csv_reader_error(p->r);
	return p->cur && p->cur->kind == SLOT_ERROR ? slot_text(p->cur) : "";
}

const char *
recpipe_raw(const struct recpipe *p, size_t *len)
{
	if (!p->threaded)
		return csv_reader_raw(p->r, len);
	if (p->cur == NULL || p->cur->raw_len == 0) {
		*len = 0;
		return "";
	}
	*len = p->cur->raw_len;
	return slot_text(p->cur) + p->cur->text_len;
}

unsigned long long
recpipe_bytes(const struct recpipe *p)
{
	return p->threaded ? p->bytes : input_bytes(p->in);
}

int
recpipe_threaded(const struct recpipe *p)
{
	return p->threaded;
}

void
recpipe_finish(struct recpipe *p)
{
	int i;

	if (p == NULL)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->lock);
		p->stop = 1;
		pthread_cond_signal(&p->not_full);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
		input_keep_errors(p->in, 0);
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->not_full);
		pthread_cond_destroy(&p->not_empty);
	}
	for (i = 0; i < NBATCH; i++)
		free(p->batch[i].buf);
	free(p->off);
	free(p->len);
	free(p);
}
