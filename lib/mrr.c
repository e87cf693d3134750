/*
 * mrr.c - subscription state and MRR movements per account and period.
 *
 * Every change is one 16-byte entry: a packed key and the value in cents.
 * The key holds, from the high bits down, the subscription id (41 bits),
 * the month counted from January of year 1 (17 bits), the day of the month
 * less one (5 bits) and a flag "some change in this month was above 0"
 * (1 bit).  Sorting by the key without the flag, then by value, puts each
 * subscription's months in order with the change that counts last.
 *
 * mrr_add() only copies a change's key and hashes it; the look-ups of the
 * subscription (and account) ids, which cost cache misses, and the log
 * are the work of a second thread, given the changes in chunks, in order
 * (so ids and log are the same as without it: it is the only thread
 * touching them until it is drained).  Small inputs never start it.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mrr.h"
#include "mrr_keys.h"
#include "xalloc.h"

#define FLAG_BIT 1u
#define DOM_SHIFT 1
#define MONTH_SHIFT 6
#define MONTH_BITS 17
#define SUB_SHIFT (MONTH_SHIFT + MONTH_BITS)
#define MIN_COMPACT (1u << 20)
#define COMPACT_PER_SUB 8
#define BATCH 64   /* changes whose subscriptions are looked up together */
#define CHUNK 4096 /* changes handed to the worker thread at a time */
#define NCHUNK 4

struct entry {
	uint64_t key;
	int64_t cents;
};

/* One month in which an account's total changed. */
struct point {
	int month;
	int flag;
	int64_t total;
};

/*
 * A change waiting for its subscription's look-up: the key (account, TAB,
 * ref) at off in the batch's bytes, its hash, and the entry's key bits
 * below the subscription id.
 */
struct pending {
	uint64_t hash;
	size_t off, acc_len, len;
	uint64_t low_key;
	int64_t cents;
	size_t sub;
	int new_sub;
};

/* Changes added, waiting to be looked up and logged. */
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

struct mrr_state {
	struct mrr_keys *accounts;
	struct mrr_keys *subs;
	size_t *sub_account; /* account id of each subscription */
	size_t sub_cap;
	/*
	 * chunk[tail] is being filled by mrr_add(); the full chunks from
	 * head on wait for the worker thread (when there is one), which
	 * alone touches the maps and the log until it is drained.
	 */
	struct chunk chunk[NCHUNK];
	int tail, head, full, stop, threaded, no_thread;
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t not_full, not_empty;
	struct entry *ent;
	size_t nent, cap, compacted, compact_min, compact_per_sub;
	int have_days, first_day, last_day;
	int ymd_day, ymd[3]; /* the last day split by date_to_ymd() */
	/* Month bounds of the periods of the last mrr_view() range. */
	enum period_unit bounds_unit;
	int bounds_first, bounds_n, bounds_lo;
	int *hi_month;
	/* After mrr_finish(). */
	size_t nsubs;
	size_t *sub_start; /* entries of sub i: sub_start[i] .. [i + 1] */
	size_t *acc_start; /* subs of account a: acc_start[a] .. [a + 1] */
	struct delta *deltas;
	size_t dcap;
	struct point *points;
	size_t pcap;
};

struct mrr_state *
mrr_new(void)
{
	struct mrr_state *s = xcalloc(1, sizeof(*s));

	s->accounts = mrr_keys_new();
	s->subs = mrr_keys_new();
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->not_full, NULL);
	pthread_cond_init(&s->not_empty, NULL);
	s->compact_min = MIN_COMPACT;
	s->compact_per_sub = COMPACT_PER_SUB;
	return s;
}

void
mrr_set_compact_min(struct mrr_state *s, size_t min)
{
	s->compact_min = min;
	s->compact_per_sub = 0;
}

static void stop_worker(struct mrr_state *s);

void
mrr_free(struct mrr_state *s)
{
	int i;

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
	mrr_keys_free(s->accounts);
	mrr_keys_free(s->subs);
	free(s->sub_account);
	free(s->ent);
	free(s->sub_start);
	free(s->acc_start);
	free(s->deltas);
	free(s->points);
	free(s->hi_month);
	free(s);
}

int64_t
mrr_cents(double value)
{
	return (int64_t)llround(value * 100.0);
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

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	uint64_t kx = x->key >> DOM_SHIFT, ky = y->key >> DOM_SHIFT;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->cents != y->cents) /* the smaller one last: it counts */
		return x->cents > y->cents ? -1 : 1;
	return 0;
}

/* Insertion sort of a few entries (one subscription's). */
static void
sort_small(struct entry *e, size_t n)
{
	size_t i, j;
	struct entry x;

	if (n > 32) {
		qsort(e, n, sizeof(e[0]), cmp_entry);
		return;
	}
	for (i = 1; i < n; i++) {
		x = e[i];
		for (j = i; j > 0 && cmp_entry(&e[j - 1], &x) > 0; j--)
			e[j] = e[j - 1];
		e[j] = x;
	}
}

/* The bucket of an entry: bits shift .. shift + bits - 1 of its sub id. */
static size_t
bucket_of(const struct entry *x, unsigned shift, unsigned bits)
{
	return (size_t)(x->key >> (SUB_SHIFT + shift)) &
	       (((size_t)1 << bits) - 1);
}

/*
 * Distribute the n entries at e into nb buckets by bucket_of(), in place
 * (an American flag sort pass); start (nb + 1 elements) receives where
 * each bucket begins, next (nb elements) is scratch.
 */
static void
flag_pass(struct entry *e, size_t n, unsigned shift, unsigned bits, size_t nb,
          size_t *start, size_t *next)
{
	size_t i, b, t;
	struct entry x;

	memset(start, 0, (nb + 1) * sizeof(*start));
	for (i = 0; i < n; i++)
		start[bucket_of(&e[i], shift, bits) + 1]++;
	for (b = 0; b < nb; b++)
		start[b + 1] += start[b];
	memcpy(next, start, nb * sizeof(*next));
	for (b = 0; b < nb; b++) {
		while (next[b] < start[b + 1]) {
			t = bucket_of(&e[next[b]], shift, bits);
			if (t == b) {
				next[b]++;
				continue;
			}
			x = e[next[t]];
			e[next[t]++] = e[next[b]];
			e[next[b]] = x;
		}
	}
}

#define LOW_BITS 11

/*
 * Sort the entries as cmp_entry() does, in place, without a second copy
 * of them: distribute them by the high bits of the subscription id, then
 * each such bucket (small enough for the caches) by the low LOW_BITS, so
 * that each final bucket is one subscription, whose few entries are then
 * sorted.  O(entries + subscriptions).
 */
static void
sort_entries(struct mrr_state *s)
{
	/* while reading, the subscriptions so far; after it, all of them */
	size_t nsubs = s->subs ? mrr_keys_count(s->subs) : s->nsubs;
	size_t hb = (nsubs >> LOW_BITS) + 1;
	size_t lb = (size_t)1 << LOW_BITS, h, l;
	size_t *hstart = xcalloc(hb + 1, sizeof(*hstart));
	size_t *hnext = xcalloc(hb, sizeof(*hnext));
	size_t *lstart = xcalloc(lb + 1, sizeof(*lstart));
	size_t *lnext = xcalloc(lb, sizeof(*lnext));
	struct entry *e = s->ent;

	flag_pass(e, s->nent, LOW_BITS, 64 - SUB_SHIFT - LOW_BITS, hb, hstart,
	          hnext);
	for (h = 0; h < hb; h++) {
		struct entry *he = e + hstart[h];
		size_t hn = hstart[h + 1] - hstart[h];

		if (hn < 2)
			continue;
		flag_pass(he, hn, 0, LOW_BITS, lb, lstart, lnext);
		for (l = 0; l < lb; l++)
			sort_small(he + lstart[l], lstart[l + 1] - lstart[l]);
	}
	free(hstart);
	free(hnext);
	free(lstart);
	free(lnext);
}

/*
 * Sort the entries and keep one per subscription and month: the change
 * that counts last, with the flag set when a value above 0 held at some
 * earlier moment of the month: a change that is the last of its day (the
 * others of a day never take effect) on a day before the final one, or
 * the flag of an entry kept by an earlier compaction.
 */
static void
compact(struct mrr_state *s)
{
	size_t i, j, k, out = 0;
	uint64_t group, day, last_day;
	unsigned flag;
	struct entry *e = s->ent;

	sort_entries(s);
	for (i = 0; i < s->nent; i = j) {
		group = e[i].key >> MONTH_SHIFT;
		for (j = i; j < s->nent && e[j].key >> MONTH_SHIFT == group;
		     j++)
			;
		last_day = e[j - 1].key >> DOM_SHIFT;
		flag = 0;
		for (k = i; k < j; k++) {
			day = e[k].key >> DOM_SHIFT;
			if ((e[k].key & FLAG_BIT) ||
			    (day < last_day && e[k].cents > 0 &&
			     e[k + 1].key >> DOM_SHIFT != day))
				flag = FLAG_BIT;
		}
		e[out] = e[j - 1];
		e[out].key = (e[out].key & ~(uint64_t)FLAG_BIT) | flag;
		out++;
	}
	s->nent = out;
	s->compacted = out;
}

/* Append one change of subscription sub to the log. */
static void
append_entry(struct mrr_state *s, size_t sub, uint64_t low_key, int64_t cents)
{
	struct entry *e;

	if (sub >= (size_t)1 << (64 - SUB_SHIFT))
		die(EXIT_SYSTEM, "too many subscriptions");
	if (s->nent >= s->compacted * 2 && s->nent >= s->compact_min &&
	    s->nent >= s->compact_per_sub * mrr_keys_count(s->subs))
		compact(s);
	grow_array((void **)&s->ent, &s->cap, s->nent + 1, sizeof(s->ent[0]));
	e = &s->ent[s->nent++];
	e->key = (uint64_t)sub << SUB_SHIFT | low_key;
	e->cents = cents;
}

/*
 * Look up the subscriptions of the batch and log its changes, in the
 * order they were added.  The slots of the whole batch are prefetched
 * first, then the stored keys they point to, then the keys are compared
 * (so the cache misses overlap instead of following each other).  The
 * account of a new subscription is interned in the same order, so ids
 * are those a one-at-a-time look-up gives.
 */
static void
lookup_batch(struct mrr_state *s, struct pending *p, size_t n,
             const char *bytes)
{
	size_t i;

	for (i = 0; i < n; i++)
		mrr_keys_prefetch(s->subs, p[i].hash);
	for (i = 0; i < n; i++)
		mrr_keys_prefetch_key(s->subs, p[i].hash);
	for (i = 0; i < n; i++) {
		p[i].sub = mrr_keys_intern(s->subs, bytes + p[i].off, p[i].len,
		                           p[i].hash, &p[i].new_sub);
		if (p[i].new_sub) {
			p[i].hash =
			    mrr_keys_hash(bytes + p[i].off, p[i].acc_len);
			mrr_keys_prefetch(s->accounts, p[i].hash);
		}
	}
	for (i = 0; i < n; i++) {
		if (p[i].new_sub) {
			size_t sub = p[i].sub;

			grow_array((void **)&s->sub_account, &s->sub_cap,
			           sub + 1, sizeof(s->sub_account[0]));
			s->sub_account[sub] =
			    mrr_keys_intern(s->accounts, bytes + p[i].off,
			                    p[i].acc_len, p[i].hash, NULL);
		}
		append_entry(s, p[i].sub, p[i].low_key, p[i].cents);
	}
}

/* Look up and log the changes of c, batch by batch; empty it. */
static void
process_chunk(struct mrr_state *s, struct chunk *c)
{
	size_t i;

	for (i = 0; i < c->n; i += BATCH)
		lookup_batch(s, c->p + i, c->n - i < BATCH ? c->n - i : BATCH,
		             c->bytes);
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

	if (day != s->ymd_day || !s->have_days) {
		date_to_ymd(day, &s->ymd[0], &s->ymd[1], &s->ymd[2]);
		s->ymd_day = day;
	}
	if (c->p == NULL)
		c->p = xcalloc(CHUNK, sizeof(c->p[0]));
	p = &c->p[c->n++];
	grow_array((void **)&c->bytes, &c->cap, c->used + len, 1);
	key = c->bytes + c->used;
	memcpy(key, account, account_len);
	key[account_len] = '\t'; /* never raw in an escaped field */
	memcpy(key + account_len + 1, ref, ref_len);
	p->off = c->used;
	p->len = len;
	p->acc_len = account_len;
	p->hash = mrr_keys_hash(key, len);
	c->used += len;
	p->low_key = (uint64_t)((s->ymd[0] - 1) * 12 + s->ymd[1] - 1)
	                 << MONTH_SHIFT |
	             (uint64_t)(s->ymd[2] - 1) << DOM_SHIFT;
	p->cents = mrr_cents(value);
	if (!s->have_days || day < s->first_day)
		s->first_day = day;
	if (!s->have_days || day > s->last_day)
		s->last_day = day;
	s->have_days = 1;
	if (c->n == CHUNK)
		submit(s);
}

/*
 * Number the subscriptions again, account by account (the subscriptions
 * of account a become acc_start[a] .. acc_start[a + 1] - 1, in their old
 * order), and rewrite the log's keys to match: sorted, the log then holds
 * the accounts one after the other, and mrr_view() reads it in order.
 */
static void
number_by_account(struct mrr_state *s, size_t nacc)
{
	size_t i, sub, *fill = xcalloc(nacc + 1, sizeof(fill[0]));
	uint32_t *new_id = xcalloc(s->nsubs + 1, sizeof(new_id[0]));
	const uint64_t low = ((uint64_t)1 << SUB_SHIFT) - 1;

	s->acc_start = xcalloc(nacc + 1, sizeof(s->acc_start[0]));
	for (sub = 0; sub < s->nsubs; sub++)
		s->acc_start[s->sub_account[sub] + 1]++;
	for (i = 0; i < nacc; i++)
		s->acc_start[i + 1] += s->acc_start[i];
	for (sub = 0; sub < s->nsubs; sub++) {
		size_t a = s->sub_account[sub];

		new_id[sub] = (uint32_t)(s->acc_start[a] + fill[a]++);
	}
	for (i = 0; i < s->nent; i++) {
		uint64_t k = s->ent[i].key;

		s->ent[i].key =
		    (uint64_t)new_id[k >> SUB_SHIFT] << SUB_SHIFT | (k & low);
	}
	free(new_id);
	free(fill);
}

void
mrr_finish(struct mrr_state *s)
{
	size_t nacc, i;

	stop_worker(s);
	s->nsubs = mrr_keys_count(s->subs);
	nacc = mrr_naccounts(s);
	/* the subscription keys are not needed any more */
	mrr_keys_free(s->subs);
	s->subs = NULL;
	number_by_account(s, nacc);
	free(s->sub_account);
	s->sub_account = NULL;
	compact(s);
	s->sub_start = xcalloc(s->nsubs + 1, sizeof(s->sub_start[0]));
	for (i = 0; i < s->nent; i++)
		s->sub_start[(s->ent[i].key >> SUB_SHIFT) + 1]++;
	for (i = 0; i < s->nsubs; i++)
		s->sub_start[i + 1] += s->sub_start[i];
}

size_t
mrr_memory(const struct mrr_state *s)
{
	size_t nacc = mrr_naccounts(s);

	if (s->sub_start) /* after mrr_finish() */
		return mrr_keys_memory(s->accounts) +
		       s->cap * sizeof(s->ent[0]) +
		       (s->nsubs + 1 + nacc + 1) * sizeof(size_t);
	return mrr_keys_memory(s->accounts) + mrr_keys_memory(s->subs) +
	       s->cap * sizeof(s->ent[0]) + s->sub_cap * sizeof(size_t);
}

static int
cmp_delta(const void *a, const void *b)
{
	const struct delta *x = a, *y = b;

	return (x->month > y->month) - (x->month < y->month);
}

/*
 * The months in which account id's total changed, with the total after
 * the change, into s->points; returns how many.
 */
static size_t
account_points(struct mrr_state *s, size_t id)
{
	size_t sub, i, nd = 0, np = 0, sorted = 1;
	size_t lo = s->sub_start[s->acc_start[id]];
	size_t hi = s->sub_start[s->acc_start[id + 1]];
	int64_t prev, total = 0;

	grow_array((void **)&s->deltas, &s->dcap, hi - lo + 1,
	           sizeof(s->deltas[0]));
	grow_array((void **)&s->points, &s->pcap, hi - lo + 1,
	           sizeof(s->points[0]));
	for (sub = s->acc_start[id]; sub < s->acc_start[id + 1]; sub++) {
		prev = 0;
		for (i = s->sub_start[sub]; i < s->sub_start[sub + 1]; i++) {
			const struct entry *e = &s->ent[i];
			struct delta *d = &s->deltas[nd++];

			d->month = (int)(e->key >> MONTH_SHIFT &
			                 ((1u << MONTH_BITS) - 1));
			d->flag = (e->key & FLAG_BIT) || e->cents > 0;
			d->cents = e->cents - prev;
			prev = e->cents;
			if (nd > 1 && d->month < d[-1].month)
				sorted = 0;
		}
	}
	if (!sorted)
		qsort(s->deltas, nd, sizeof(s->deltas[0]), cmp_delta);
	for (i = 0; i < nd; i++) {
		const struct delta *d = &s->deltas[i];

		total += d->cents;
		if (np > 0 && s->points[np - 1].month == d->month) {
			s->points[np - 1].total = total;
			s->points[np - 1].flag |= d->flag;
			continue;
		}
		s->points[np].month = d->month;
		s->points[np].flag = d->flag;
		s->points[np].total = total;
		np++;
	}
	return np;
}

/* Keep the last month of each period of the range in s->hi_month. */
static void
period_bounds(struct mrr_state *s, enum period_unit unit, int first, int n)
{
	int i;

	if (s->hi_month && s->bounds_unit == unit && s->bounds_first == first &&
	    s->bounds_n == n)
		return;
	free(s->hi_month);
	s->hi_month = xcalloc(n + 1, sizeof(s->hi_month[0]));
	for (i = 0; i < n; i++)
		s->hi_month[i] = last_month(first + i, unit);
	s->bounds_unit = unit;
	s->bounds_first = first;
	s->bounds_n = n;
	s->bounds_lo = first_month(first, unit);
}

void
mrr_view(struct mrr_state *s, size_t id, enum period_unit unit, int first,
         int n, struct mrr_view *v)
{
	size_t np = account_points(s, id), k = 0;
	int64_t total = 0;
	int i, lo, hi, last;
	const struct point *pt = s->points;

	period_bounds(s, unit, first, n);
	last = s->hi_month[n - 1];

	v->before = 0;
	v->active_before = 0;
	v->lifetime = 0;
	lo = s->bounds_lo;
	for (; k < np && pt[k].month < lo; k++) {
		total = pt[k].total;
		v->active_before |= pt[k].flag;
	}
	v->before = total;
	for (i = 0; i < n; i++) {
		hi = s->hi_month[i];
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
