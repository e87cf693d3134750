/*
 * health_run.c - the pass over the events: per-account state for both
 * evaluation dates, the batched lookups, the worker thread and the spool
 * used when the as-of date is not known until the end.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"
#include "health_impl.h"
#include "xalloc.h"

#define HUGE_PAGE ((size_t)2 << 20)
#if defined(MREMAP_MAYMOVE) && defined(MADV_HUGEPAGE)
#define MAPPED_STATES 1
#else
#define MAPPED_STATES 0 /* realloc() then */
#endif

static void
state_init(struct state *s)
{
	memset(s, 0, sizeof(*s));
	s->usage.last[0] = s->usage.last[1] = INT_MIN;
	s->touch.last[0] = s->touch.last[1] = INT_MIN;
	s->survey.nps_day[0] = s->survey.nps_day[1] = INT_MIN;
}

struct health_run *
health_run_new(const struct health_model *m, int as_of)
{
	struct health_run *r = xcalloc(1, sizeof(*r));

	r->m = m;
	r->as_of = as_of;
	r->given = as_of != INT_MIN;
	r->ids = strmap_new();
	r->index = health_index_new(r->ids);
	if (m->profile == HEALTH_CLIENT) {
		r->uses[EV_USAGE] = r->uses[EV_TOUCH] = 1;
		r->uses[EV_TICKET] = r->uses[EV_TICKET_CLOSED] = 1;
		r->uses[EV_INVOICE] = r->uses[EV_PAYMENT] = 1;
		r->uses[EV_NPS] = r->uses[EV_CSAT] = 1;
	} else {
		r->uses[EV_DELIVERY] = r->uses[EV_SLA] = 1;
		r->uses[EV_ESCALATION] = r->uses[EV_ESCALATION_CLOSED] = 1;
	}
	r->batch = xcalloc(NBATCH, sizeof(*r->batch));
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->full, NULL);
	pthread_cond_init(&r->emptied, NULL);
	r->watch = -1;
	r->max_seen = INT_MIN;
	return r;
}

#if MAPPED_STATES
/* Make r->st a mapping of bytes (see grow_states()). */
static void
map_states(struct health_run *r, size_t bytes)
{
	void *p;

	if (r->st_bytes == 0) {
		p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED && r->cap > 0)
			memcpy(p, r->st, r->cap * sizeof(*r->st));
		if (p != MAP_FAILED)
			free(r->st);
	} else {
		p = mremap(r->st, r->st_bytes, bytes, MREMAP_MAYMOVE);
	}
	if (p == MAP_FAILED)
		die(EXIT_SYSTEM, "out of memory");
	/* the whole mapping, not advise_huge_pages()' aligned inside: advice
	   on part of it would split it, and mremap() cannot grow a split one */
	(void)madvise(p, bytes, MADV_HUGEPAGE);
	r->st = p;
	r->st_bytes = bytes;
	r->cap = bytes / sizeof(*r->st);
}
#endif

/*
 * Room in r->st for need states; the new ones are not initialised.  The
 * capacity doubles.  A big array is a mapping of its own, advised onto
 * 2 MiB pages (it is read at random: on small pages every access costs a
 * TLB miss) and grown by mremap(), which moves pages instead of copying
 * them, so that growing never holds the old and the new array at once.
 */
static void
grow_states(struct health_run *r, size_t need)
{
	size_t cap = r->cap;

	if (cap < 8)
		cap = 8;
	while (cap < need) {
		if (cap > SIZE_MAX / 2 / sizeof(*r->st))
			die(EXIT_SYSTEM, "out of memory");
		cap *= 2;
	}
#if MAPPED_STATES
	{
		size_t bytes = (cap * sizeof(*r->st) + HUGE_PAGE - 1) &
		               ~(HUGE_PAGE - 1);

		if (bytes >= 2 * HUGE_PAGE) {
			map_states(r, bytes);
			return;
		}
	}
#endif
	grow_array((void **)&r->st, &r->cap, need, sizeof(*r->st));
}

/* The id of an account (hash h), with its state made ready. */
static size_t
account_id_hashed(struct health_run *r, const char *key, size_t len, uint32_t h)
{
	int added;
	size_t id = health_index_intern(r->index, key, len, h, &added);

	if (added) {
		if (id + 1 > r->cap)
			grow_states(r, id + 1);
		state_init(&r->st[id]);
	}
	return id;
}

static size_t
account_id(struct health_run *r, const char *key, size_t len)
{
	return account_id_hashed(r, key, len, health_index_hash(key, len));
}

void
health_run_watch(struct health_run *r, const char *name)
{
	size_t len = strlen(name), n = 0, i;
	char *key = xmalloc(2 * len + 1);

	for (i = 0; i < len; i++) { /* the escaped form, as in the events */
		const char *esc = name[i] == '\t'   ? "\\t"
		                  : name[i] == '\n' ? "\\n"
		                  : name[i] == '\r' ? "\\r"
		                  : name[i] == '\\' ? "\\\\"
		                                    : NULL;
		if (esc) {
			key[n++] = esc[0];
			key[n++] = esc[1];
		} else {
			key[n++] = name[i];
		}
	}
	r->watch = (long)account_id(r, key, n);
	free(key);
}

static long long
max_ll(long long a, long long b)
{
	return a > b ? a : b;
}

/*
 * Days of [d, E] inside the window (E - W, E]: E - max(d, E - W), so an
 * event dated E counts 0 days and one dated on or before E - W counts W.
 */
static long long
days_in_window(int d, int e, int w)
{
	return (long long)e - max_ll(d, (long long)e - w);
}

/* *sum += v, saturating at the ends of long long (absurd inputs only). */
static void
add_sat(long long *sum, long long v)
{
	if (__builtin_add_overflow(*sum, v, sum))
		*sum = v > 0 ? LLONG_MAX : LLONG_MIN;
}

/* q * days, saturating. */
static long long
mul_sat(long long q, long long days)
{
	long long p;

	if (__builtin_mul_overflow(q, days, &p))
		return q > 0 ? LLONG_MAX : LLONG_MIN;
	return p;
}

/* Date k's view of s. */
void
health_acc_view(const struct state *s, int k, struct acc *a)
{
	a->usage_cur = s->usage.cur[k];
	a->usage_prev = s->usage.prev[k];
	a->last_usage = s->usage.last[k];
	a->touches = s->touch.n[k];
	a->last_touch = s->touch.last[k];
	a->ticket_days = s->ticket.days[k];
	a->ticket_sev = s->ticket.sev[k];
	a->tickets_open = s->ticket.open[k];
	a->tickets_seen = s->ticket.seen[k];
	a->late = s->money.late[k];
	a->invoiced_win = s->money.win[k];
	a->invoiced_all = s->money.all[k];
	a->outstanding = s->money.out[k];
	a->invoices = s->money.n[k];
	a->nps_sum = s->survey.nps_sum[k];
	a->csat_sum = s->survey.csat_sum[k];
	a->nps_day = s->survey.nps_day[k];
	a->nps_n = s->survey.nps_n[k];
	a->csat_n = s->survey.csat_n[k];
	a->esc_days = s->supplier.esc_days[k];
	a->deliveries = s->supplier.n[k];
	a->on_time = s->supplier.on_time[k];
	a->slas = s->supplier.slas[k];
	a->sla_met = s->supplier.met[k];
	a->esc_open = s->supplier.esc_open[k];
	a->esc_seen = s->supplier.esc_seen[k];
}

/*
 * Apply an event (value q hundredths) to date k of s; e is that date, w
 * the window.
 */
static void
apply(struct state *s, int k, int e, int w, int day, int type, int has_value,
      long long q)
{
	int in_win = day > e - w;
	int in_prev = !in_win && day > e - 2 * w;
	long long diw = days_in_window(day, e, w);
	int sev;

	if (day > e)
		return;
	switch (type) {
	case EV_USAGE:
		if (in_win)
			add_sat(&s->usage.cur[k], q);
		else if (in_prev)
			add_sat(&s->usage.prev[k], q);
		if (day > s->usage.last[k])
			s->usage.last[k] = day;
		break;
	case EV_TOUCH:
		if (in_win)
			s->touch.n[k]++;
		if (day > s->touch.last[k])
			s->touch.last[k] = day;
		break;
	case EV_TICKET:
		sev = has_value ? (int)(q / 100) : TICKET_DEFAULT_SEV;
		if (in_win)
			s->ticket.sev[k] += 1 << (4 - sev);
		s->ticket.open[k]++;
		s->ticket.seen[k]++;
		s->ticket.days[k] += diw;
		break;
	case EV_TICKET_CLOSED:
		s->ticket.open[k]--;
		s->ticket.seen[k]++;
		s->ticket.days[k] -= diw;
		break;
	case EV_INVOICE:
		s->money.n[k]++;
		add_sat(&s->money.all[k], q);
		add_sat(&s->money.out[k], q);
		add_sat(&s->money.late[k], mul_sat(q, diw));
		if (in_win)
			add_sat(&s->money.win[k], q);
		break;
	case EV_PAYMENT:
		add_sat(&s->money.out[k], -q);
		add_sat(&s->money.late[k], mul_sat(-q, diw));
		break;
	case EV_NPS:
		if (day > s->survey.nps_day[k]) {
			s->survey.nps_day[k] = day;
			s->survey.nps_sum[k] = 0;
			s->survey.nps_n[k] = 0;
		}
		if (day == s->survey.nps_day[k]) {
			add_sat(&s->survey.nps_sum[k], q);
			s->survey.nps_n[k]++;
		}
		break;
	case EV_CSAT:
		if (in_win) {
			add_sat(&s->survey.csat_sum[k], q);
			s->survey.csat_n[k]++;
		}
		break;
	case EV_DELIVERY:
		if (in_win) {
			s->supplier.n[k]++;
			s->supplier.on_time[k] += q <= 0;
		}
		break;
	case EV_SLA:
		if (in_win) {
			s->supplier.slas[k]++;
			s->supplier.met[k] += q == 100;
		}
		break;
	case EV_ESCALATION:
		s->supplier.esc_open[k]++;
		s->supplier.esc_seen[k]++;
		s->supplier.esc_days[k] += diw;
		break;
	case EV_ESCALATION_CLOSED:
		s->supplier.esc_open[k]--;
		s->supplier.esc_seen[k]++;
		s->supplier.esc_days[k] -= diw;
		break;
	default:
		break;
	}
}

/* Where in struct state an event of each type writes first. */
static size_t
group_offset(int type)
{
	switch (type) {
	case EV_USAGE:
		return offsetof(struct state, usage);
	case EV_TOUCH:
		return offsetof(struct state, touch);
	case EV_TICKET:
	case EV_TICKET_CLOSED:
		return offsetof(struct state, ticket);
	case EV_INVOICE:
	case EV_PAYMENT:
		return offsetof(struct state, money);
	case EV_NPS:
	case EV_CSAT:
		return offsetof(struct state, survey);
	default:
		return offsetof(struct state, supplier);
	}
}

/*
 * Apply an event to both evaluation dates of account id, as of e (the
 * as-of date, or any date at least 3 windows after the event's: see
 * settle()).
 */
static void
apply_both(struct health_run *r, size_t id, int e, int day, int type,
           int has_value, long long q)
{
	int w = r->m->window;
	struct state *s = &r->st[id];

	apply(s, 0, e, w, day, type, has_value, q);
	apply(s, 1, e - w, w, day, type, has_value, q);
}

/* Apply n spooled records, as of e. */
static void
apply_recs(struct health_run *r, const struct rec *buf, size_t n, int e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i + 16 < n) /* start the memory access early */
			__builtin_prefetch(
			    (char *)&r->st[buf[i + 16].idt >> 6] +
			    group_offset((int)(buf[i + 16].idt & 31)));
		apply_both(r, buf[i].idt >> 6, e, buf[i].day,
		           (int)(buf[i].idt & 31), (int)(buf[i].idt >> 5 & 1),
		           buf[i].q);
	}
}

/*
 * A nameless temporary file in TMPDIR, with a buffer of SPOOL_BUF bytes
 * (*buf: free it after closing the file; stdio would ignore the size
 * without one, and write 4 KiB at a time).
 */
static FILE *
spool_open(char **buf)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;
	FILE *f;

	if (!dir || !*dir)
		dir = "/tmp";
	path = xmalloc(strlen(dir) + 32);
	(void)snprintf(path, strlen(dir) + 32, "%s/rm-health.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		die_errno(EXIT_SYSTEM, "cannot create a temporary file in '%s'",
		          dir);
	unlink(path);
	free(path);
	f = fdopen(fd, "w+");
	if (!f)
		die_errno(EXIT_SYSTEM, "cannot open a temporary file");
	*buf = xmalloc(SPOOL_BUF);
	(void)setvbuf(f, *buf, _IOFBF, SPOOL_BUF); /* only a speed-up */
	return f;
}

/*
 * v in hundredths, |v| capped at 10^15, rounded half away from zero:
 * llround(fmax(-1e15, fmin(1e15, v)) * 100) without the library calls
 * (x - (long long)x is exact: below 2^52 by construction, and above it x
 * is a whole number).
 */
static long long
hundredths(double v)
{
	double x = (v < -1e15 ? -1e15 : v > 1e15 ? 1e15 : v) * 100;
	long long q = (long long)x;
	double frac = x - (double)q;

	if (frac >= 0.5)
		q++;
	else if (frac <= -0.5)
		q--;
	return q;
}

/*
 * Use one resolved event: keep it for --explain; when the profile reads
 * its type, apply it, or (as-of not known yet) store it in *out for the
 * spool and return 1.
 */
static int
consume(struct health_run *r, const struct pending *p, struct rec *out)
{
	struct rec rec;
	long long q = p->has_value ? hundredths(p->value) : 0;

	if (p->id >= (1u << 26))
		die(EXIT_SYSTEM, "more than %u accounts", 1u << 26);
	if (p->day > r->max_seen)
		r->max_seen = p->day;
	rec.q = q;
	rec.day = p->day;
	rec.idt = p->id << 6 | (uint32_t)p->has_value << 5 | p->type;
	if ((long)p->id == r->watch) {
		grow_array((void **)&r->watched, &r->watched_cap,
		           r->nwatched + 1, sizeof(*r->watched));
		r->watched[r->nwatched++] = rec;
	}
	if (!r->uses[p->type])
		return 0;
	if (r->given) {
		apply_both(r, p->id, r->as_of, p->day, p->type, p->has_value,
		           q);
		return 0;
	}
	*out = rec;
	return 1;
}

/* Count n records just spooled into the blocks of s. */
static void
note_spooled(struct settled *s, const struct rec *recs, size_t n)
{
	int last = (s->head + s->count - 1) % SETTLE_BLOCKS, max = INT_MIN;
	size_t i;

	for (i = 0; i < n; i++)
		if (recs[i].day > max)
			max = recs[i].day;
	if (s->count == 0 ||
	    (s->n[last] >= SETTLE_RECS && s->count < SETTLE_BLOCKS)) {
		last = (s->head + s->count++) % SETTLE_BLOCKS;
		s->n[last] = 0;
		s->max_day[last] = INT_MIN;
	}
	s->n[last] += n;
	if (max > s->max_day[last])
		s->max_day[last] = max;
}

/* Read and apply, as of e, the n records of spool k from record from. */
static void
apply_spooled(struct health_run *r, int k, unsigned long long from,
              unsigned long long n, int e)
{
	int fd = fileno(r->spool[k]);
	off_t off = (off_t)(from * sizeof(struct rec));
	size_t want, got;
	ssize_t m;

	if (fflush(r->spool[k]) != 0)
		die_errno(EXIT_SYSTEM, "cannot write a temporary file");
	if (!r->settle_buf)
		r->settle_buf = xmalloc(SETTLE_BUF * sizeof(*r->settle_buf));
	while (n > 0) {
		want = n < SETTLE_BUF ? (size_t)n : SETTLE_BUF;
		for (got = 0; got < want * sizeof(struct rec);
		     got += (size_t)m) {
			m = pread(fd, (char *)r->settle_buf + got,
			          want * sizeof(struct rec) - got,
			          off + (off_t)got);
			if (m <= 0)
				die_errno(EXIT_SYSTEM,
				          "cannot read a temporary file");
		}
		apply_recs(r, r->settle_buf, want, e);
		off += (off_t)got;
		n -= want;
	}
}

/*
 * Apply the spooled events that the as-of date cannot change any more.
 * It is not known until the end, but it is at least the latest day seen
 * so far, M; an event at least three windows before M is outside both
 * windows of both evaluation dates (as-of and as-of - window) and before
 * both, whatever the as-of date: it counts the same as of M as of the
 * as-of date.  The spool's first blocks of such events are applied now,
 * in spool order, and the replay starts after them, so every account's
 * events are still applied in input order.
 */
static void
settle(struct health_run *r)
{
	long long limit = (long long)r->max_seen - 3LL * r->m->window;
	struct settled *s;
	unsigned long long n;
	int k;

	for (k = 0; k < 2; k++) {
		s = &r->settled[k];
		n = 0;
		/* closed blocks only: the last one is still growing */
		while (s->count > 1 && s->max_day[s->head] <= limit) {
			n += s->n[s->head];
			s->head = (s->head + 1) % SETTLE_BLOCKS;
			s->count--;
		}
		if (n > 0) {
			apply_spooled(r, k, s->done, n, r->max_seen);
			s->done += n;
		}
	}
}

/*
 * Resolve and apply up to CHUNK events in a software pipeline, so that the
 * memory accesses of several events overlap instead of waiting one after
 * the other: event i is hashed and its index slot prefetched while event
 * i - AHEAD is looked up (its state prefetched) and event i - 2 AHEAD is
 * applied.
 */
static void
flush_chunk(struct health_run *r, struct pending *pend, size_t n,
            const char *keys)
{
	struct rec recs[2][CHUNK];
	struct pending *p;
	size_t i, j, k, nrecs[2] = {0, 0};

	for (i = 0; i < n + 2 * AHEAD; i++) {
		if (i < n) {
			p = &pend[i];
			p->hash = health_index_hash(keys + p->key, p->len);
			health_index_prefetch(r->index, p->hash);
		}
		j = i - AHEAD;
		if (i >= AHEAD && j < n) {
			p = &pend[j];
			p->id = (uint32_t)account_id_hashed(r, keys + p->key,
			                                    p->len, p->hash);
			if (r->given && r->uses[p->type])
				__builtin_prefetch((char *)&r->st[p->id] +
				                   group_offset(p->type));
		}
		j = i - 2 * AHEAD;
		if (i >= 2 * AHEAD) {
			k = pend[j].id & 1;
			nrecs[k] += consume(r, &pend[j], &recs[k][nrecs[k]]);
		}
	}
	for (k = 0; k < 2; k++) {
		if (nrecs[k] == 0)
			continue;
		if (!r->spool[k])
			r->spool[k] = spool_open(&r->spool_buf[k]);
		if (fwrite(recs[k], sizeof(recs[k][0]), nrecs[k],
		           r->spool[k]) != nrecs[k])
			die_errno(EXIT_SYSTEM, "cannot write a temporary file");
		note_spooled(&r->settled[k], recs[k], nrecs[k]);
	}
}

/* Apply a batch and empty it. */
static void
flush(struct health_run *r, struct batch *b)
{
	size_t i, n;

	for (i = 0; i < b->n; i += n) {
		n = b->n - i < CHUNK ? b->n - i : CHUNK;
		flush_chunk(r, b->pend + i, n, b->keys);
	}
	if (!r->given)
		settle(r);
	b->n = 0;
	b->keys_used = 0;
}

/* The worker thread: apply full batches in order until done. */
static void *
worker(void *arg)
{
	struct health_run *r = arg;
	struct batch *b;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (r->nfull == 0 && !r->done)
			pthread_cond_wait(&r->full, &r->lock);
		if (r->nfull == 0)
			break;
		b = &r->batch[r->take];
		pthread_mutex_unlock(&r->lock);
		flush(r, b);
		pthread_mutex_lock(&r->lock);
		r->take = (r->take + 1) % NBATCH;
		r->nfull--;
		pthread_cond_signal(&r->emptied);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* Hand the batch being filled to the worker; wait for an empty one. */
static void
submit(struct health_run *r)
{
	if (!r->started) {
		if (pthread_create(&r->worker, NULL, worker, r) != 0)
			die(EXIT_SYSTEM, "cannot start a thread");
		r->started = 1;
	}
	pthread_mutex_lock(&r->lock);
	r->nfull++;
	pthread_cond_signal(&r->full);
	r->fill = (r->fill + 1) % NBATCH;
	while (r->nfull == NBATCH)
		pthread_cond_wait(&r->emptied, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

void
health_run_add(struct health_run *r, const struct event *ev)
{
	struct batch *b = &r->batch[r->fill];
	struct pending *p = &b->pend[b->n++];

	if (b->keys_used + ev->account_len > b->keys_cap)
		grow_array((void **)&b->keys, &b->keys_cap,
		           b->keys_used + ev->account_len, 1);
	memcpy(b->keys + b->keys_used, ev->account, ev->account_len);
	p->key = b->keys_used;
	p->len = ev->account_len;
	b->keys_used += ev->account_len;
	p->day = ev->day;
	p->type = (unsigned char)ev->type;
	p->has_value = ev->has_value != 0;
	p->value = ev->value; /* made hundredths on the worker */
	if (b->n == BATCH)
		submit(r);
}

/* The spooled events of one half of the accounts (one parity of id). */
struct replay_part {
	struct health_run *r;
	FILE *spool;
	unsigned long long from; /* records before it are applied */
};

/*
 * Apply the spooled events of one half of the accounts; the states of
 * the two halves are disjoint, so the halves need no lock.
 */
static void *
replay_part(void *arg)
{
	struct replay_part *p = arg;
	struct health_run *r = p->r;
	struct rec *buf = xmalloc(4096 * sizeof(*buf));
	size_t n;

	if (fflush(p->spool) != 0 ||
	    fseeko(p->spool, (off_t)(p->from * sizeof(*buf)), SEEK_SET) != 0)
		die_errno(EXIT_SYSTEM, "cannot write a temporary file");
	while ((n = fread(buf, sizeof(buf[0]), 4096, p->spool)) > 0)
		apply_recs(r, buf, n, r->as_of);
	if (ferror(p->spool))
		die_errno(EXIT_SYSTEM, "cannot read a temporary file");
	free(buf);
	return NULL;
}

/*
 * Replay the spooled events now that the as-of date is known: the
 * accounts with even ids on a second thread, the odd ones on this one.
 */
static void
replay(struct health_run *r)
{
	struct replay_part part[2];
	pthread_t t;
	int k, threaded = 0;

	for (k = 0; k < 2; k++) {
		part[k].r = r;
		part[k].spool = r->spool[k];
		part[k].from = r->settled[k].done;
	}
	if (part[0].spool)
		threaded = pthread_create(&t, NULL, replay_part, &part[0]) == 0;
	if (part[0].spool && !threaded)
		replay_part(&part[0]);
	if (part[1].spool)
		replay_part(&part[1]);
	if (threaded)
		pthread_join(t, NULL);
	for (k = 0; k < 2; k++) {
		if (r->spool[k]) /* read back, its errors checked by ferror */
			(void)fclose(r->spool[k]);
		r->spool[k] = NULL;
		free(r->spool_buf[k]);
		r->spool_buf[k] = NULL;
	}
}

void
health_run_finish(struct health_run *r, int max_day)
{
	if (r->started) {
		if (r->batch[r->fill].n > 0)
			submit(r);
		pthread_mutex_lock(&r->lock);
		r->done = 1;
		pthread_cond_signal(&r->full);
		pthread_mutex_unlock(&r->lock);
		pthread_join(r->worker, NULL);
		r->started = 0;
	} else {
		flush(r, &r->batch[r->fill]);
	}
	/* no more lookups: the index goes before the output needs memory */
	health_index_free(r->index);
	r->index = NULL;
	if (!r->given)
		r->as_of = max_day;
	if (r->spool[0] || r->spool[1])
		replay(r);
}

int
health_run_as_of(const struct health_run *r)
{
	return r->as_of;
}

size_t
health_run_count(const struct health_run *r)
{
	return strmap_count(r->ids);
}

size_t
health_run_memory(const struct health_run *r)
{
	return strmap_memory(r->ids) +
	       (r->index ? health_index_memory(r->index) : 0) +
	       r->cap * sizeof(*r->st);
}

void
health_run_free(struct health_run *r)
{
	int i;

	if (!r)
		return;
	if (r->spool[0]) /* spools are scratch: nothing to report on close */
		(void)fclose(r->spool[0]);
	if (r->spool[1])
		(void)fclose(r->spool[1]);
	free(r->spool_buf[0]);
	free(r->spool_buf[1]);
	strmap_free(r->ids);
	health_index_free(r->index);
	for (i = 0; i < NBATCH; i++)
		free(r->batch[i].keys);
	free(r->batch);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->full);
	pthread_cond_destroy(&r->emptied);
#if MAPPED_STATES
	if (r->st_bytes > 0)
		(void)munmap(r->st, r->st_bytes);
	else
#endif
		free(r->st);
	free(r->watched);
	free(r->settle_buf);
	free(r);
}

const char *
health_run_watched_key(const struct health_run *r)
{
	return r->watch < 0 ? NULL : strmap_key(r->ids, (size_t)r->watch);
}
