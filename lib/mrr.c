/*
 * mrr.c - subscription state and MRR movements per account and period.
 *
 * Each subscription keeps one 12-byte cell per calendar month with a
 * change (struct cell): a bit for each day of the month with a change, a
 * bit for each day with a change to 0, and the value that counts at the
 * month's end (the smallest change of its last day with a change).  That
 * is all the changes of a month can tell, so a cell is updated in place by
 * each change, in any order, and no change is ever kept.  Cells come in
 * quads, the 4 months from a multiple of 4, allocated from blocks of 6
 * MiB (never moved, never freed before the end, on huge pages where the
 * kernel agrees: they are read at random); a subscription's record
 * (mrr_subs.h) holds its key and the directory of the quad ids of the
 * months from its first change to its last (0: no change in those 4
 * months).  Values from 2^32 - 1 cents up (or below 0) are kept in a map
 * beside the cells.
 *
 * mrr_add() copies a change's key, hashes it (while it is in the cache),
 * splits its day and rounds its value; the look-ups of the subscription
 * (and account) ids, which cost cache misses, and the cells are the work
 * of a second thread, given the changes in chunks, in order
 * (so ids and cells are the same as without it: it is the only thread
 * touching them until it is drained).  It works as a pipeline over
 * batches of changes (process_chunk()), so that the cache misses of
 * many changes overlap.  Small inputs never start it.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mrr.h"
#include "mrr_keys.h"
#include "mrr_subs.h"
#include "xalloc.h"

#define BATCH 64    /* changes whose subscriptions are looked up together */
#define CHUNK 16384 /* changes handed to the worker thread at a time */
#define NCHUNK 4
#define MAX_KEY ((size_t)1 << 30) /* bytes of account, TAB, ref */
#define BIG UINT32_MAX /* a cell's cents: the value is in the big map */
#define QUAD_MONTHS 4
#define QUAD_SHIFT 17 /* 2^17 quads (6 MiB: 3 huge pages) per block */

/* One month of one subscription. */
struct cell {
	uint32_t changed; /* bit d: some change on day d + 1 */
	uint32_t zero;    /* bit d: some change to 0 (or less) on day d + 1 */
	uint32_t cents;   /* the value at the end of the month, or BIG */
};

/* The cells of 4 months, from a month that is a multiple of 4. */
struct quad {
	struct cell c[QUAD_MONTHS];
};

/*
 * A block of quads made ahead of its use, its pages already faulted in:
 * block is aligned to a huge page inside mem, the allocation to free.
 */
struct spare {
	struct quad *block;
	void *mem;
};

/* One month in which an account's total changed. */
struct point {
	int month;
	int flag;
	int64_t total;
};

/*
 * A change waiting for its subscription's look-up (48 bytes: the reading
 * thread writes them, the worker reads them): the key (account, TAB,
 * ref) at off in the chunk's bytes, its hash, its day, month (months
 * since January of year 1) and day of the month less one, and its value
 * in cents; from stage_intern() on, the subscription.
 */
struct pending {
	uint64_t hash;
	int64_t cents;
	size_t off;
	uint32_t acc_len, len;
	int day, month;
	uint32_t sub;
	unsigned char dom, new_sub;
};

/* Changes added, waiting to be looked up and applied. */
struct chunk {
	struct pending *p;
	size_t n;
	char *bytes; /* their keys */
	size_t used, cap;
};

/* One subscription's change, while an account's changes are merged. */
struct delta {
	int month;
	int flag;
	int64_t cents;
};

/* What views of accounts need: one for each thread that makes them. */
struct viewer {
	/* Month bounds of the periods of the last range. */
	enum period_unit bounds_unit;
	int bounds_first, bounds_n, bounds_lo;
	int *hi_month;
	struct delta *deltas;
	size_t dcap;
	struct point *points;
	size_t pcap;
};

struct mrr_state {
	struct mrr_keys *accounts;
	struct mrr_subs *subs; /* its records stay after mrr_finish() */
	size_t nsubs;
	struct quad **quads; /* quad id i: quads[i >> QUAD_SHIFT][i & ...] */
	void **quad_mem;     /* what to free for each block */
	size_t nquads, quad_blocks, quad_cap, quad_mem_cap;
	/* the next block of quads, made by the reading thread while it
	   waits for the worker (spare_make()), or NULL */
	_Atomic(struct spare *) spare;
	size_t dir_bytes; /* of the directories not inline */
	/* values that do not fit a cell: key (sub, month) -> big_val */
	struct mrr_keys *big;
	int64_t *big_val;
	size_t big_cap;
	/*
	 * chunk[tail] is being filled by mrr_add(); the full chunks from
	 * head on wait for the worker thread (when there is one), which
	 * alone touches the maps and the cells until it is drained.
	 */
	struct chunk chunk[NCHUNK];
	int tail, head, full, stop, threaded, no_thread;
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	int have_days, first_day, last_day;
	int have_ymd, ymd_day, ymd[3]; /* the last day split by date_to_ymd() */
	/* After mrr_finish(). */
	int finished;
	uint32_t *acc_subs; /* subs of account a: acc_start[a] .. [a + 1] */
	size_t *acc_start;
	struct viewer view; /* mrr_view()'s */
};

struct mrr_state *
mrr_new(void)
{
	struct mrr_state *s = xcalloc(1, sizeof(*s));

	s->accounts = mrr_keys_new();
	s->subs = mrr_subs_new();
	s->big = mrr_keys_new();
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->not_full, NULL);
	pthread_cond_init(&s->not_empty, NULL);
	return s;
}

static void stop_worker(struct mrr_state *s);

static void
free_viewer(struct viewer *w)
{
	free(w->deltas);
	free(w->points);
	free(w->hi_month);
}

static struct mrr_sub *
sub_at(const struct mrr_state *s, size_t sub)
{
	return mrr_subs_at(s->subs, sub);
}

void
mrr_free(struct mrr_state *s)
{
	struct spare *sp;
	size_t i;

	if (s == NULL)
		return;
	stop_worker(s);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->not_full);
	pthread_cond_destroy(&s->not_empty);
	for (i = 0; i < NCHUNK; i++) {
		free(s->chunk[i].p);
		free(s->chunk[i].bytes);
	}
	for (i = 0; i < s->nsubs; i++)
		if (sub_at(s, i)->n > 2)
			free(sub_at(s, i)->dir.p);
	for (i = 0; i < s->quad_blocks; i++)
		free(s->quad_mem[i]);
	if ((sp = atomic_load(&s->spare)) != NULL) {
		free(sp->mem);
		free(sp);
	}
	free(s->quads);
	free(s->quad_mem);
	mrr_keys_free(s->accounts);
	mrr_subs_free(s->subs);
	mrr_keys_free(s->big);
	free(s->big_val);
	free(s->acc_subs);
	free(s->acc_start);
	free_viewer(&s->view);
	free(s);
}

/*
 * llround(value * 100), without the library call for the values of
 * real amounts: below 2^52 in size, x - trunc(x) is exact, so rounding
 * half away from 0 by it gives llround()'s result.
 */
int64_t
mrr_cents(double value)
{
	double x = value * 100.0;
	int64_t t;
	double f;

	if (!(x > -4e15 && x < 4e15))
		return (int64_t)llround(x);
	t = (int64_t)x;
	f = x - (double)t;
	if (f >= 0.5)
		t++;
	else if (f <= -0.5)
		t--;
	return t;
}

/* Months since January of year 1 (0 .. 119987), as in the entry keys. */
static int
month_of_day(int day)
{
	return period_of(day, PERIOD_MONTH) - 12;
}

/* The month (as month_of_day()) of the first and last day of period p. */
static int
first_month(int p, enum period_unit unit)
{
	return month_of_day(period_first_day(p, unit));
}

static int
last_month(int p, enum period_unit unit)
{
	return month_of_day(period_last_day(p, unit));
}

static void drain(struct mrr_state *s);

size_t
mrr_account_id(struct mrr_state *s, const char *account, size_t len)
{
	drain(s); /* earlier changes' accounts get the earlier ids */
	return mrr_keys_intern(s->accounts, account, len,
	                       mrr_keys_hash(account, len), NULL);
}

long
mrr_find_account(const struct mrr_state *s, const char *account, size_t len)
{
	return mrr_keys_find(s->accounts, account, len);
}

size_t
mrr_naccounts(const struct mrr_state *s)
{
	return mrr_keys_count(s->accounts);
}

const char *
mrr_account_key(const struct mrr_state *s, size_t id)
{
	return mrr_keys_key(s->accounts, id);
}

int
mrr_day_range(const struct mrr_state *s, int *first, int *last)
{
	if (!s->have_days)
		return 0;
	*first = s->first_day;
	*last = s->last_day;
	return 1;
}

/* The key of the big map for month of subscription sub. */
static uint64_t
big_key(size_t sub, int month)
{
	return (uint64_t)sub << 20 | (uint64_t)month;
}

/* The value of cell c, month month of subscription sub. */
static int64_t
cell_value(const struct mrr_state *s, size_t sub, int month,
           const struct cell *c)
{
	uint64_t key;

	if (c->cents != BIG)
		return c->cents;
	key = big_key(sub, month);
	return s
	    ->big_val[mrr_keys_find(s->big, (const char *)&key, sizeof(key))];
}

static void
cell_set_value(struct mrr_state *s, size_t sub, int month, struct cell *c,
               int64_t cents)
{
	uint64_t key;
	size_t id;

	if (cents >= 0 && cents < BIG) {
		c->cents = (uint32_t)cents;
		return;
	}
	key = big_key(sub, month);
	id = mrr_keys_intern(s->big, (const char *)&key, sizeof(key),
	                     mrr_keys_hash((const char *)&key, sizeof(key)),
	                     NULL);
	grow_array((void **)&s->big_val, &s->big_cap, id + 1,
	           sizeof(s->big_val[0]));
	s->big_val[id] = cents;
	c->cents = BIG;
}

/*
 * Apply a change to cents on day dom + 1: it counts at the month's end
 * when its day is the latest so far, or the same day and a smaller value.
 */
static void
cell_change(struct mrr_state *s, size_t sub, int month, struct cell *c, int dom,
            int64_t cents)
{
	uint32_t bit = (uint32_t)1 << dom, later = c->changed >> dom;

	if (later == 0 || (later == 1 && cents < cell_value(s, sub, month, c)))
		cell_set_value(s, sub, month, c, cents);
	c->changed |= bit;
	if (cents <= 0)
		c->zero |= bit;
}

/*
 * 1 when the value was above 0 at the end of some day with a change
 * before the last one (the smallest change of a day is its final value).
 */
static int
cell_flag(const struct cell *c)
{
	uint32_t last = (uint32_t)1 << (31 - __builtin_clz(c->changed));

	return (c->changed & ~c->zero & (last - 1)) != 0;
}

/* Bytes of a block of quads. */
#define QUAD_BLOCK_BYTES (((size_t)1 << QUAD_SHIFT) * sizeof(struct quad))

/*
 * Make the next block of quads, when there is none yet, and fault its
 * pages in by writing a zero to each: for the reading thread, when it
 * has to wait for the worker anyway.  A page fault zeroes the page on
 * the thread that causes it, and on the worker that was a tenth of its
 * time.  What the block holds is the same either way.
 */
static void
spare_make(struct mrr_state *s)
{
	struct spare *sp;
	size_t i;

	if (atomic_load_explicit(&s->spare, memory_order_relaxed) != NULL)
		return;
	sp = xcalloc(1, sizeof(*sp));
	sp->block = xcalloc_huge_block(QUAD_BLOCK_BYTES, &sp->mem);
	for (i = 0; i < QUAD_BLOCK_BYTES; i += 4096)
		((volatile char *)sp->block)[i] = 0;
	atomic_store_explicit(&s->spare, sp, memory_order_release);
}

/*
 * A new block of zeroed quads (*mem is what to free): the one
 * spare_make() made, else one made here.
 */
static struct quad *
spare_take(struct mrr_state *s, void **mem)
{
	struct spare *sp =
	    atomic_exchange_explicit(&s->spare, NULL, memory_order_acquire);
	struct quad *block;

	if (sp == NULL)
		return xcalloc_huge_block(QUAD_BLOCK_BYTES, mem);
	block = sp->block;
	*mem = sp->mem;
	free(sp);
	return block;
}

/* A new quad of zero cells; its id (never 0). */
static uint32_t
new_quad(struct mrr_state *s)
{
	size_t id;

	if (s->nquads == 0)
		s->nquads = 1; /* 0 is "none" */
	id = s->nquads++;
	if (id > UINT32_MAX)
		die(EXIT_SYSTEM, "too many subscription months");
	if ((id >> QUAD_SHIFT) >= s->quad_blocks) {
		grow_array((void **)&s->quads, &s->quad_cap, s->quad_blocks + 1,
		           sizeof(struct quad *));
		grow_array((void **)&s->quad_mem, &s->quad_mem_cap,
		           s->quad_blocks + 1, sizeof(void *));
		s->quads[s->quad_blocks] =
		    spare_take(s, &s->quad_mem[s->quad_blocks]);
		s->quad_blocks++;
	}
	return (uint32_t)id;
}

static struct quad *
quad_at(const struct mrr_state *s, uint32_t id)
{
	return &s->quads[id >> QUAD_SHIFT]
	                [id & (((uint32_t)1 << QUAD_SHIFT) - 1)];
}

/*
 * A subscription's months (struct mrr_sub, mrr_subs.h): dir[i] is the
 * quad id of months 4 * (first + i) .. + 3, for i below n (0: none of
 * these months has a change); dir is inline while n is at most 2.
 */
static uint32_t *
dir_of(struct mrr_sub *b)
{
	return b->n > 2 ? b->dir.p : b->dir.in;
}

/*
 * Make the directory of b cover blocks lo .. hi (which hold its blocks),
 * with room for more when it grows by a block or two (input in date
 * order), so that it seldom moves.
 */
static void
dir_cover(struct mrr_state *s, struct mrr_sub *b, uint32_t lo, uint32_t hi)
{
	uint32_t n = hi - lo + 1, *old = dir_of(b), *dir;
	uint32_t oldn = b->n, shift = b->first - lo;

	if (n <= 2) { /* inline before and after */
		uint32_t in[2] = {0, 0};

		memcpy(in + shift, old, oldn * sizeof(in[0]));
		memcpy(b->dir.in, in, sizeof(in));
	} else if (oldn > 2 && shift == 0 && n <= b->cap) {
		memset(b->dir.p + oldn, 0, (n - oldn) * sizeof(uint32_t));
	} else {
		/* room to grow when it grows a block at a time */
		size_t cap = n - oldn <= 2 ? n + n / 2 + 1 : n;

		dir = xcalloc(cap, sizeof(*dir));
		memcpy(dir + shift, old, oldn * sizeof(*dir));
		if (oldn > 2) {
			free(old);
			s->dir_bytes -= b->cap * sizeof(*dir);
		}
		b->dir.p = dir;
		b->cap = (uint32_t)cap;
		s->dir_bytes += cap * sizeof(*dir);
	}
	b->first = lo;
	b->n = n;
}

/*
 * The quad id of the last entry of b's directory when block is its last
 * block, else 0.  It is kept in the record (b->last), so that input in
 * date order, which mostly changes the last quad, seldom reads the
 * directory.
 */
static uint32_t
last_quad(const struct mrr_sub *b, uint32_t block)
{
	return b->n > 0 && block == b->first + b->n - 1 ? b->last : 0;
}

/* The cell of month of subscription b, made when new. */
static struct cell *
sub_cell(struct mrr_state *s, struct mrr_sub *b, uint32_t month)
{
	uint32_t block = month / QUAD_MONTHS, *dir, q = last_quad(b, block);
	struct cell *c;

	if (q != 0)
		return &quad_at(s, q)->c[month % QUAD_MONTHS];
	if (b->n == 0) {
		b->first = block;
		b->n = 1;
		b->dir.in[0] = 0;
	} else if (block < b->first || block - b->first >= b->n) {
		uint32_t lo = block < b->first ? block : b->first;
		uint32_t last = b->first + b->n - 1;

		dir_cover(s, b, lo, block > last ? block : last);
	}
	dir = dir_of(b);
	if (dir[block - b->first] == 0)
		dir[block - b->first] = new_quad(s);
	c = &quad_at(s, dir[block - b->first])->c[month % QUAD_MONTHS];
	b->last = dir[b->n - 1];
	return c;
}

/* Apply one change of subscription sub. */
static void
record_change(struct mrr_state *s, size_t sub, int month, int dom,
              int64_t cents)
{
	cell_change(s, sub, month, sub_cell(s, sub_at(s, sub), (uint32_t)month),
	            dom, cents);
}

/*
 * Ask for what applying a change to month of b reads next: the quad of
 * an inline directory, or the directory's entry.
 */
static void
prefetch_month(const struct mrr_state *s, const struct mrr_sub *b, int month)
{
	uint32_t off = (uint32_t)month / QUAD_MONTHS - b->first;
	uint32_t q = last_quad(b, (uint32_t)month / QUAD_MONTHS);

	if (q != 0)
		__builtin_prefetch(quad_at(s, q), 1);
	if (q != 0 || off >= b->n)
		return;
	if (b->n <= 2 && b->dir.in[off] != 0)
		__builtin_prefetch(quad_at(s, b->dir.in[off]), 1);
	else if (b->n > 2)
		__builtin_prefetch(&b->dir.p[off]);
}

/* Ask for the quad of month of b when its directory is not inline. */
static void
prefetch_quad(const struct mrr_state *s, const struct mrr_sub *b, int month)
{
	uint32_t off = (uint32_t)month / QUAD_MONTHS - b->first;

	if (last_quad(b, (uint32_t)month / QUAD_MONTHS) == 0 && b->n > 2 &&
	    off < b->n && b->dir.p[off] != 0)
		__builtin_prefetch(quad_at(s, b->dir.p[off]), 1);
}

/*
 * The stages of the look-up of a batch of changes (p, n of them, keys in
 * bytes); each asks for what a later one reads.  The changes' records
 * are looked up (new subscriptions added, with their accounts) in the
 * order of the changes, so ids are those a one-at-a-time look-up gives.
 */
/*
 * Ask for the changes of a batch and their keys, which the reading
 * thread wrote (so they are in the cache of the other core).
 */
static void
stage_fetch(const struct pending *p, size_t n, const char *bytes)
{
	const char *from = (const char *)p, *to = (const char *)(p + n);

	for (; from < to; from += 64)
		__builtin_prefetch(from);
	from = bytes + p[0].off;
	to = bytes + p[n - 1].off + p[n - 1].len;
	for (; from < to; from += 64)
		__builtin_prefetch(from);
}

static void
stage_slots(struct mrr_state *s, const struct pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mrr_subs_prefetch_slot(s->subs, p[i].hash);
}

static void
stage_records(struct mrr_state *s, const struct pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mrr_subs_prefetch_record(s->subs, p[i].hash);
}

static void
stage_intern(struct mrr_state *s, struct pending *p, size_t n,
             const char *bytes)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct mrr_sub *b;
		int added;

		p[i].sub = (uint32_t)mrr_subs_intern(
		    s->subs, bytes + p[i].off, p[i].len, p[i].hash, &added);
		p[i].new_sub = (unsigned char)added;
		b = sub_at(s, p[i].sub);
		if (!p[i].new_sub) {
			prefetch_month(s, b, p[i].month);
			continue;
		}
		b->account = (uint32_t)mrr_keys_intern(
		    s->accounts, bytes + p[i].off, p[i].acc_len,
		    mrr_keys_hash(bytes + p[i].off, p[i].acc_len), NULL);
		s->nsubs = p[i].sub + 1;
	}
}

static void
stage_quads(struct mrr_state *s, const struct pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		prefetch_quad(s, sub_at(s, p[i].sub), p[i].month);
}

static void
stage_apply(struct mrr_state *s, const struct pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		record_change(s, p[i].sub, p[i].month, p[i].dom, p[i].cents);
}

/* Batch k of chunk c (BATCH changes, the last one fewer). */
static struct pending *
batch(struct chunk *c, size_t k)
{
	return c->p + k * BATCH;
}

static size_t
batch_len(const struct chunk *c, size_t k)
{
	return c->n - k * BATCH < BATCH ? c->n - k * BATCH : BATCH;
}

/*
 * Look up and apply the changes of c, in order; empty it.  The stages
 * run on successive batches, as in a pipeline: while batch j is applied,
 * the quads of batch j + 1 are asked for, batch j + 2 is looked up,
 * the records of batch j + 3 are asked for, the slots of batch j + 4
 * are asked for, and batch j + 5 itself is asked for,
 * so that each cache miss has the time of a whole round to arrive, and
 * the misses of a round overlap instead of following each other.  The
 * stages of a round run in that order, so each reads the state after
 * every earlier batch was applied (the look-up only adds records; what
 * is asked for is only a hint).
 */
static void
process_chunk(struct mrr_state *s, struct chunk *c)
{
	size_t nb = (c->n + BATCH - 1) / BATCH, k;

	for (k = 0; k < nb + 4; k++) {
		if (k >= 4)
			stage_apply(s, batch(c, k - 4), batch_len(c, k - 4));
		if (k >= 3 && k - 3 < nb)
			stage_quads(s, batch(c, k - 3), batch_len(c, k - 3));
		if (k >= 2 && k - 2 < nb)
			stage_intern(s, batch(c, k - 2), batch_len(c, k - 2),
			             c->bytes);
		if (k >= 1 && k - 1 < nb)
			stage_records(s, batch(c, k - 1), batch_len(c, k - 1));
		if (k < nb)
			stage_slots(s, batch(c, k), batch_len(c, k));
		if (k + 1 < nb)
			stage_fetch(batch(c, k + 1), batch_len(c, k + 1),
			            c->bytes);
	}
	c->n = 0;
	c->used = 0;
}

/* The worker thread: process the full chunks in order until stopped. */
static void *
worker(void *arg)
{
	struct mrr_state *s = arg;
	struct chunk *c;

	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (s->full == 0 && !s->stop)
			pthread_cond_wait(&s->not_empty, &s->lock);
		if (s->full == 0) {
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		c = &s->chunk[s->head];
		pthread_mutex_unlock(&s->lock);
		process_chunk(s, c);
		pthread_mutex_lock(&s->lock);
		s->head = (s->head + 1) % NCHUNK;
		s->full--;
		pthread_cond_signal(&s->not_full);
		pthread_mutex_unlock(&s->lock);
	}
}

/*
 * Hand the chunk being filled over: to the worker thread, started on the
 * first full chunk (small inputs never start it), or, without one,
 * process it here.  Returns when the next chunk is free to fill.
 */
static void
submit(struct mrr_state *s)
{
	struct chunk *c = &s->chunk[s->tail];

	if (c->n == 0)
		return;
	if (!s->threaded && !s->no_thread && c->n == CHUNK) {
		s->threaded = pthread_create(&s->worker, NULL, worker, s) == 0;
		s->no_thread = !s->threaded;
	}
	if (!s->threaded) {
		process_chunk(s, c);
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->full++;
	pthread_cond_signal(&s->not_empty);
	s->tail = (s->tail + 1) % NCHUNK;
	if (s->full == NCHUNK) { /* the worker is behind */
		pthread_mutex_unlock(&s->lock);
		spare_make(s);
		pthread_mutex_lock(&s->lock);
	}
	while (s->full == NCHUNK)
		pthread_cond_wait(&s->not_full, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

/* Process every change added so far; the worker is idle after it. */
static void
drain(struct mrr_state *s)
{
	submit(s);
	if (!s->threaded)
		return;
	pthread_mutex_lock(&s->lock);
	while (s->full > 0)
		pthread_cond_wait(&s->not_full, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

/* Drain, and end the worker thread. */
static void
stop_worker(struct mrr_state *s)
{
	drain(s);
	if (!s->threaded)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_signal(&s->not_empty);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->worker, NULL);
	s->threaded = 0;
	s->no_thread = 1;
}

void
mrr_add(struct mrr_state *s, const char *account, size_t account_len,
        const char *ref, size_t ref_len, int day, double value)
{
	size_t len = account_len + 1 + ref_len;
	struct chunk *c = &s->chunk[s->tail];
	struct pending *p;
	char *key;

	if (len > MAX_KEY)
		die(EXIT_DATA, "account and ref of %zu bytes are too long",
		    len);
	if (c->p == NULL)
		c->p = xcalloc(CHUNK, sizeof(c->p[0]));
	p = &c->p[c->n++];
	if (c->used + len > c->cap)
		grow_array((void **)&c->bytes, &c->cap, c->used + len, 1);
	key = c->bytes + c->used;
	memcpy(key, account, account_len);
	key[account_len] = '\t'; /* never raw in an escaped field */
	memcpy(key + account_len + 1, ref, ref_len);
	p->off = c->used;
	p->len = (uint32_t)len;
	p->acc_len = (uint32_t)account_len;
	c->used += len;
	p->day = day;
	if (!s->have_ymd || day != s->ymd_day) {
		date_to_ymd(day, &s->ymd[0], &s->ymd[1], &s->ymd[2]);
		s->ymd_day = day;
		s->have_ymd = 1;
	}
	p->month = (s->ymd[0] - 1) * 12 + s->ymd[1] - 1;
	p->dom = (unsigned char)(s->ymd[2] - 1);
	p->cents = mrr_cents(value);
	p->hash = mrr_subs_hash(account, account_len, ref, ref_len);
	if (!s->have_days || day < s->first_day)
		s->first_day = day;
	if (!s->have_days || day > s->last_day)
		s->last_day = day;
	s->have_days = 1;
	if (c->n == CHUNK)
		submit(s);
}

/*
 * List the subscriptions account by account (those of account a are
 * acc_subs[acc_start[a]] .. acc_subs[acc_start[a + 1] - 1], in the order
 * they were first seen).
 */
static void
group_by_account(struct mrr_state *s, size_t nacc)
{
	size_t i, sub, *fill = xcalloc(nacc + 1, sizeof(fill[0]));

	s->acc_start = xcalloc(nacc + 1, sizeof(s->acc_start[0]));
	s->acc_subs = xcalloc(s->nsubs + 1, sizeof(s->acc_subs[0]));
	for (sub = 0; sub < s->nsubs; sub++)
		s->acc_start[sub_at(s, sub)->account + 1]++;
	for (i = 0; i < nacc; i++)
		s->acc_start[i + 1] += s->acc_start[i];
	for (sub = 0; sub < s->nsubs; sub++) {
		size_t a = sub_at(s, sub)->account;

		s->acc_subs[s->acc_start[a] + fill[a]++] = (uint32_t)sub;
	}
	free(fill);
}

void
mrr_finish(struct mrr_state *s)
{
	stop_worker(s);
	/* the subscription keys are not needed any more */
	mrr_subs_drop_index(s->subs);
	group_by_account(s, mrr_naccounts(s));
	s->finished = 1;
}

size_t
mrr_memory(const struct mrr_state *s)
{
	size_t bytes = mrr_keys_memory(s->accounts) + mrr_keys_memory(s->big) +
	               s->big_cap * sizeof(s->big_val[0]) +
	               mrr_subs_memory(s->subs) + s->dir_bytes +
	               (s->quad_blocks * sizeof(struct quad) << QUAD_SHIFT);

	if (s->finished)
		return bytes + (s->nsubs + 1) * sizeof(s->acc_subs[0]) +
		       (mrr_naccounts(s) + 1) * sizeof(s->acc_start[0]);
	return bytes;
}

static int
cmp_delta(const void *a, const void *b)
{
	const struct delta *x = a, *y = b;

	return (x->month > y->month) - (x->month < y->month);
}

/* Add the changes of subscription sub, month by month, to w->deltas. */
static size_t
sub_deltas(const struct mrr_state *s, struct viewer *w, size_t sub, size_t nd)
{
	const struct mrr_sub *b = sub_at(s, sub);
	const uint32_t *dir = b->n > 2 ? b->dir.p : b->dir.in;
	int64_t prev = 0, cents;
	size_t i, k;

	for (i = 0; i < b->n; i++) {
		const struct quad *q;

		if (dir[i] == 0)
			continue;
		q = quad_at(s, dir[i]);
		for (k = 0; k < QUAD_MONTHS; k++) {
			const struct cell *c = &q->c[k];
			int month = (int)((b->first + i) * QUAD_MONTHS + k);
			struct delta *d;

			if (c->changed == 0)
				continue;
			cents = cell_value(s, sub, month, c);
			grow_array((void **)&w->deltas, &w->dcap, nd + 1,
			           sizeof(w->deltas[0]));
			d = &w->deltas[nd++];
			d->month = month;
			d->flag = cell_flag(c) || cents > 0;
			d->cents = cents - prev;
			prev = cents;
		}
	}
	return nd;
}

/*
 * Accounts are mostly visited in id order, and the quads of one are
 * spread over memory: ask for the subscriptions of account id + 3, the
 * directories of id + 2 and the quads of id + 1 (each stage arrived, it
 * is hoped, when the next one reads it).  Only a hint.
 */
static void
prefetch_ahead(const struct mrr_state *s, size_t id)
{
	size_t nacc = mrr_naccounts(s), k, i;

	if (id + 3 < nacc)
		for (k = s->acc_start[id + 3]; k < s->acc_start[id + 4]; k++)
			__builtin_prefetch(sub_at(s, s->acc_subs[k]));
	if (id + 2 < nacc)
		for (k = s->acc_start[id + 2]; k < s->acc_start[id + 3]; k++) {
			const struct mrr_sub *b = sub_at(s, s->acc_subs[k]);

			if (b->n > 2)
				__builtin_prefetch(b->dir.p);
		}
	if (id + 1 < nacc)
		for (k = s->acc_start[id + 1]; k < s->acc_start[id + 2]; k++) {
			const struct mrr_sub *b = sub_at(s, s->acc_subs[k]);
			const uint32_t *dir = b->n > 2 ? b->dir.p : b->dir.in;

			for (i = 0; i < b->n; i++)
				if (dir[i] != 0)
					__builtin_prefetch(quad_at(s, dir[i]));
		}
}

/*
 * The months in which account id's total changed, with the total after
 * the change, into w->points; returns how many.
 */
static size_t
account_points(const struct mrr_state *s, struct viewer *w, size_t id)
{
	size_t k, i, nd = 0, np = 0, sorted = 1;
	int64_t total = 0;

	prefetch_ahead(s, id);
	for (k = s->acc_start[id]; k < s->acc_start[id + 1]; k++)
		nd = sub_deltas(s, w, s->acc_subs[k], nd);
	grow_array((void **)&w->points, &w->pcap, nd + 1, sizeof(w->points[0]));
	for (i = 1; i < nd && sorted; i++)
		sorted = w->deltas[i - 1].month <= w->deltas[i].month;
	if (!sorted)
		qsort(w->deltas, nd, sizeof(w->deltas[0]), cmp_delta);
	for (i = 0; i < nd; i++) {
		const struct delta *d = &w->deltas[i];

		total += d->cents;
		if (np > 0 && w->points[np - 1].month == d->month) {
			w->points[np - 1].total = total;
			w->points[np - 1].flag |= d->flag;
			continue;
		}
		w->points[np].month = d->month;
		w->points[np].flag = d->flag;
		w->points[np].total = total;
		np++;
	}
	return np;
}

/* Keep the last month of each period of the range in w->hi_month. */
static void
period_bounds(struct viewer *w, enum period_unit unit, int first, int n)
{
	int i;

	if (w->hi_month && w->bounds_unit == unit && w->bounds_first == first &&
	    w->bounds_n == n)
		return;
	free(w->hi_month);
	w->hi_month = xcalloc(n + 1, sizeof(w->hi_month[0]));
	for (i = 0; i < n; i++)
		w->hi_month[i] = last_month(first + i, unit);
	w->bounds_unit = unit;
	w->bounds_first = first;
	w->bounds_n = n;
	w->bounds_lo = first_month(first, unit);
}

static void
view_with(const struct mrr_state *s, struct viewer *w, size_t id,
          enum period_unit unit, int first, int n, struct mrr_view *v)
{
	size_t np = account_points(s, w, id), k = 0;
	int64_t total = 0;
	int i, lo, hi, last;
	const struct point *pt = w->points;

	period_bounds(w, unit, first, n);
	last = w->hi_month[n - 1];

	v->before = 0;
	v->active_before = 0;
	v->lifetime = 0;
	lo = w->bounds_lo;
	for (; k < np && pt[k].month < lo; k++) {
		total = pt[k].total;
		v->active_before |= pt[k].flag;
	}
	v->before = total;
	for (i = 0; i < n; i++) {
		hi = w->hi_month[i];
		v->active[i] = 0;
		for (; k < np && pt[k].month <= hi; k++) {
			total = pt[k].total;
			v->active[i] |= (unsigned char)pt[k].flag;
		}
		v->end[i] = total;
		if (total > 0)
			v->active[i] = 1;
	}
	for (k = 0; k < np && pt[k].month <= last; k++) {
		int upto = k + 1 < np && pt[k + 1].month <= last
		               ? pt[k + 1].month
		               : last + 1;

		v->lifetime += pt[k].total * (upto - pt[k].month);
	}
}

void
mrr_view(struct mrr_state *s, size_t id, enum period_unit unit, int first,
         int n, struct mrr_view *v)
{
	view_with(s, &s->view, id, unit, first, n, v);
}

/* One part of mrr_view_all(): accounts lo .. hi - 1. */
struct view_part {
	const struct mrr_state *s;
	size_t lo, hi;
	enum period_unit unit;
	int first, n;
	mrr_visit_fn *fn;
	void *ctx;
};

static void *
view_part(void *arg)
{
	const struct view_part *part = arg;
	struct viewer w;
	struct mrr_view v = {xcalloc(part->n + 1, sizeof(int64_t)),
	                     xcalloc(part->n + 1, 1), 0, 0, 0};
	size_t id;

	memset(&w, 0, sizeof(w));
	for (id = part->lo; id < part->hi; id++) {
		view_with(part->s, &w, id, part->unit, part->first, part->n,
		          &v);
		part->fn(part->ctx, id, &v);
	}
	free_viewer(&w);
	free(v.end);
	free(v.active);
	return NULL;
}

void
mrr_view_all(const struct mrr_state *s, enum period_unit unit, int first, int n,
             int nparts, mrr_visit_fn *fn, void *const *ctx)
{
	size_t nacc = mrr_naccounts(s);
	struct view_part *part = xcalloc((size_t)nparts, sizeof(*part));
	pthread_t *thread = xcalloc((size_t)nparts, sizeof(*thread));
	int *started = xcalloc((size_t)nparts, sizeof(*started));
	int k;

	for (k = 0; k < nparts; k++) {
		part[k].s = s;
		part[k].lo = nacc / (size_t)nparts * (size_t)k;
		part[k].hi = k + 1 == nparts
		                 ? nacc
		                 : nacc / (size_t)nparts * (size_t)(k + 1);
		part[k].unit = unit;
		part[k].first = first;
		part[k].n = n;
		part[k].fn = fn;
		part[k].ctx = ctx[k];
	}
	for (k = 1; k < nparts; k++)
		started[k] =
		    pthread_create(&thread[k], NULL, view_part, &part[k]) == 0;
	view_part(&part[0]);
	for (k = 1; k < nparts; k++) {
		if (started[k])
			pthread_join(thread[k], NULL);
		else
			view_part(&part[k]);
	}
	free(part);
	free(thread);
	free(started);
}

enum mrr_move
mrr_classify(int64_t start, int64_t end, int active_before, int active)
{
	if (start == 0 && end > 0)
		return active_before ? MOVE_REACTIVATION : MOVE_NEW;
	if (start > 0 && end == 0)
		return MOVE_CHURN;
	if (start > 0 && end > start)
		return MOVE_EXPANSION;
	if (end > 0 && end < start)
		return MOVE_CONTRACTION;
	if (start == 0 && end == 0 && active)
		return MOVE_JOINED_LEFT;
	return MOVE_NONE;
}
