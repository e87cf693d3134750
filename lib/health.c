/*
 * health.c - account health scores: per-account state, component
 * formulas, weights, bands, trend and driver (see health.h and the
 * FORMULAS section of man/rm-health.1, which this file follows).
 */
#include <limits.h>
#include <stddef.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "error.h"
#include "health.h"
#include "health_index.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

/* The constants of the formulas (man page, FORMULAS). */
#define USAGE_HALF_LIFE 14.0    /* days since the last usage */
#define TICKET_SEV_HALF 16.0    /* severity points in the window */
#define TICKET_OPEN_HALF 4.0    /* tickets open at the date */
#define TICKET_BACKLOG_HALF 0.5 /* mean tickets open over the window */
#define TICKET_DEFAULT_SEV 3    /* a ticket without a severity */
#define LATE_HALF 15.0          /* weighted days late */
#define OVERDUE_HALF 1.0        /* overdue amount / typical amount */
#define TOUCH_HALF_LIFE 30.0    /* days since the last touch */
#define TOUCHES_PER_30_DAYS 1.0 /* touch rate that scores 100 */
#define ESC_OPEN_HALF 2.0       /* escalations open at the date */
#define ESC_DAYS_HALF 60.0      /* escalation-days in the window */

static const char *const client_names[] = {"usage", "support", "payments",
                                           "sentiment", "engagement"};
static const double client_weights[] = {30, 20, 20, 15, 15};
static const char *const supplier_names[] = {"delivery", "sla", "escalations"};
static const double supplier_weights[] = {40, 40, 20};

enum { C_USAGE, C_SUPPORT, C_PAYMENTS, C_SENTIMENT, C_ENGAGEMENT };
enum { S_DELIVERY, S_SLA, S_ESCALATIONS };

/*
 * What one evaluation date E needs of one account.  Amounts are in
 * hundredths (a value v counts as llround(v * 100)).  The window is
 * E - W < d <= E, the previous window E - 2W < d <= E - W.
 */
struct acc {
	long long usage_cur, usage_prev; /* usage in window / previous */
	long long ticket_days;           /* ticket-days inside the window */
	long long late;                  /* N: hundredth-days overdue */
	long long invoiced_win;          /* I: due in the window */
	long long invoiced_all;          /* due on or before E */
	long long outstanding;           /* due minus paid, on or before E */
	long long nps_sum, csat_sum;     /* hundredths */
	long long esc_days;              /* escalation-days in the window */
	int last_usage, last_touch, nps_day; /* INT_MIN: none */
	int touches;                         /* in the window */
	int ticket_sev;                      /* severity points, window */
	int tickets_open;                    /* opened - closed */
	int tickets_seen;                    /* ticket events on or before E */
	int invoices;                        /* due on or before E */
	int nps_n, csat_n;
	int deliveries, on_time, slas, sla_met; /* in the window */
	int esc_open, esc_seen;
};

/*
 * The state of one account for both evaluation dates ([0]: as-of, [1]:
 * as-of - window), grouped by event type so that an event touches one or
 * two cache lines.  struct acc is one date's view of it, for the
 * formulas.
 */
struct state {
	struct {
		long long cur[2], prev[2];
		int last[2];
	} usage;
	struct {
		int n[2], last[2];
	} touch;
	struct {
		long long days[2];
		int sev[2], open[2], seen[2];
	} ticket;
	struct {
		long long late[2], win[2], all[2], out[2];
		int n[2];
	} money;
	struct {
		long long nps_sum[2], csat_sum[2];
		int nps_day[2], nps_n[2], csat_n[2];
	} survey;
	struct {
		long long esc_days[2];
		int n[2], on_time[2], slas[2], met[2], esc_open[2], esc_seen[2];
	} supplier;
};

static void
state_init(struct state *s)
{
	memset(s, 0, sizeof(*s));
	s->usage.last[0] = s->usage.last[1] = INT_MIN;
	s->touch.last[0] = s->touch.last[1] = INT_MIN;
	s->survey.nps_day[0] = s->survey.nps_day[1] = INT_MIN;
}

/*
 * The reading thread hands events to a worker thread in batches of
 * BATCH (NBATCH of them in a ring); the worker resolves them CHUNK at a
 * time (see flush()).
 */
#define BATCH 4096
#define NBATCH 3
#define CHUNK 256
#define AHEAD 12

/* One event waiting in the batch. */
struct pending {
	long long q;
	size_t key, len; /* in health_run.keys */
	int day;
	uint32_t hash, id;
	unsigned char type, has_value;
};

struct batch {
	struct pending pend[BATCH];
	size_t n;
	char *keys; /* the account keys of pend */
	size_t keys_used, keys_cap;
};

/* One event as spooled or watched. */
struct rec {
	int64_t q; /* value in hundredths */
	int32_t day;
	uint32_t idt; /* id << 6 | has_value << 5 | type */
};

struct health_run {
	const struct health_model *m;
	int as_of; /* INT_MIN until known */
	int given; /* as_of came from the caller */
	struct strmap *ids;
	struct health_index *index;
	struct state *st;    /* by account id */
	struct batch *batch; /* NBATCH of them */
	size_t fill, take;   /* batch being filled, next to apply */
	int nfull, done, started;
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t full, emptied;
	size_t cap;
	FILE *spool;
	unsigned char uses[EV_NTYPES]; /* types the profile's formulas read */
	long watch;                    /* watched account id, or -1 */
	struct rec *watched;
	size_t nwatched, watched_cap;
};

void
health_model_init(struct health_model *m, enum health_profile profile)
{
	static const char *const names[] = {"green", "amber", "red"};
	const double *w =
	    profile == HEALTH_CLIENT ? client_weights : supplier_weights;
	int i;

	memset(m, 0, sizeof(*m));
	m->profile = profile;
	m->ncomp = profile == HEALTH_CLIENT ? 5 : 3;
	m->window = 90;
	for (i = 0; i < m->ncomp; i++)
		m->weight[i] = w[i];
	m->nbands = 2;
	m->band[0] = 75;
	m->band[1] = 50;
	for (i = 0; i < 3; i++)
		m->band_name[i] = xstrdup(names[i]);
}

int
health_parse_profile(const char *name, enum health_profile *profile)
{
	if (strcmp(name, "client") == 0)
		*profile = HEALTH_CLIENT;
	else if (strcmp(name, "supplier") == 0)
		*profile = HEALTH_SUPPLIER;
	else
		return -1;
	return 0;
}

const char *
health_component_name(const struct health_model *m, int i)
{
	return m->profile == HEALTH_CLIENT ? client_names[i]
	                                   : supplier_names[i];
}

static int
component_index(const struct health_model *m, const char *name, size_t len)
{
	int i;

	for (i = 0; i < m->ncomp; i++)
		if (strlen(health_component_name(m, i)) == len &&
		    memcmp(health_component_name(m, i), name, len) == 0)
			return i;
	return -1;
}

int
health_set_weights(struct health_model *m, const char *spec, char *err,
                   size_t errsize)
{
	const char *p = spec, *end, *eq;
	double w, total = 0;
	int c, i;

	while (*p) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq) {
			snprintf(err, errsize, "'%.*s' is not NAME=WEIGHT",
			         (int)(end - p), p);
			return -1;
		}
		c = component_index(m, p, (size_t)(eq - p));
		if (c < 0) {
			snprintf(err, errsize,
			         "no component '%.*s' in the %s profile",
			         (int)(eq - p), p,
			         m->profile == HEALTH_CLIENT ? "client"
			                                     : "supplier");
			return -1;
		}
		if (num_parse(eq + 1, (size_t)(end - eq - 1), &w) != 0 ||
		    w < 0 || !isfinite(w)) {
			snprintf(err, errsize,
			         "weight '%.*s' is not a non-negative number",
			         (int)(end - eq - 1), eq + 1);
			return -1;
		}
		m->weight[c] = w;
		p = *end ? end + 1 : end;
	}
	for (i = 0; i < m->ncomp; i++)
		total += m->weight[i];
	if (total <= 0) {
		snprintf(err, errsize, "the weights are all 0");
		return -1;
	}
	return 0;
}

int
health_set_bands(struct health_model *m, const char *spec, char *err,
                 size_t errsize)
{
	const char *p = spec, *end;
	double v;
	int n = 0;

	for (;;) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (n == HEALTH_MAXBANDS) {
			snprintf(err, errsize, "more than %d thresholds",
			         HEALTH_MAXBANDS);
			return -1;
		}
		if (num_parse(p, (size_t)(end - p), &v) != 0 || v < 0 ||
		    v > 100 || (n > 0 && v >= m->band[n - 1])) {
			snprintf(err, errsize,
			         "'%.*s' is not a threshold (want descending "
			         "numbers from 0 to 100)",
			         (int)(end - p), p);
			return -1;
		}
		m->band[n++] = v;
		if (!*end)
			break;
		p = end + 1;
	}
	m->nbands = n;
	return 0;
}

int
health_set_band_names(struct health_model *m, const char *spec, char *err,
                      size_t errsize)
{
	const char *p = spec, *end;
	int n = 0, i;

	for (i = 0; i <= HEALTH_MAXBANDS; i++) {
		free(m->band_name[i]);
		m->band_name[i] = NULL;
	}
	for (;;) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (n > HEALTH_MAXBANDS || end == p ||
		    memchr(p, '\t', (size_t)(end - p))) {
			snprintf(err, errsize,
			         "bad band names '%s' (want up to %d "
			         "non-empty names without TAB)",
			         spec, HEALTH_MAXBANDS + 1);
			return -1;
		}
		m->band_name[n++] = xmemdup(p, (size_t)(end - p));
		if (!*end)
			break;
		p = end + 1;
	}
	return 0;
}

int
health_check_bands(const struct health_model *m, char *err, size_t errsize)
{
	int n = 0;

	while (n <= HEALTH_MAXBANDS && m->band_name[n])
		n++;
	if (n != m->nbands + 1) {
		snprintf(err, errsize,
		         "%d band names for %d thresholds (want %d names)", n,
		         m->nbands, m->nbands + 1);
		return -1;
	}
	return 0;
}

void
health_model_free(struct health_model *m)
{
	int i;

	for (i = 0; i <= HEALTH_MAXBANDS; i++) {
		free(m->band_name[i]);
		m->band_name[i] = NULL;
	}
}

const char *
health_band(const struct health_model *m, double score)
{
	int i;

	for (i = 0; i < m->nbands; i++)
		if (score > m->band[i])
			return m->band_name[i];
	return m->band_name[m->nbands];
}

/* ---- the run: per-account state ---- */

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
	return r;
}

/* The id of an account (hash h), with its state made ready. */
static size_t
account_id_hashed(struct health_run *r, const char *key, size_t len, uint32_t h)
{
	int added;
	size_t id = health_index_intern(r->index, key, len, h, &added);

	if (added) {
		if (id + 1 > r->cap)
			grow_array((void **)&r->st, &r->cap, id + 1,
			           sizeof(*r->st));
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
static void
acc_view(const struct state *s, int k, struct acc *a)
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

/* Apply an event to both evaluation dates of account id. */
static void
apply_both(struct health_run *r, size_t id, int day, int type, int has_value,
           long long q)
{
	int w = r->m->window;
	struct state *s = &r->st[id];

	apply(s, 0, r->as_of, w, day, type, has_value, q);
	apply(s, 1, r->as_of - w, w, day, type, has_value, q);
}

static FILE *
spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;
	FILE *f;

	if (!dir || !*dir)
		dir = "/tmp";
	path = xmalloc(strlen(dir) + 32);
	sprintf(path, "%s/rm-health.XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		die_errno(EXIT_SYSTEM, "cannot create a temporary file in '%s'",
		          dir);
	unlink(path);
	free(path);
	f = fdopen(fd, "w+");
	if (!f)
		die_errno(EXIT_SYSTEM, "cannot open a temporary file");
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
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
 * Use one resolved event: keep it for --explain; when the profile reads
 * its type, apply it, or (as-of not known yet) store it in *out for the
 * spool and return 1.
 */
static int
consume(struct health_run *r, const struct pending *p, struct rec *out)
{
	struct rec rec;

	if (p->id >= (1u << 26))
		die(EXIT_SYSTEM, "more than %u accounts", 1u << 26);
	rec.q = p->q;
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
		apply_both(r, p->id, p->day, p->type, p->has_value, p->q);
		return 0;
	}
	*out = rec;
	return 1;
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
	struct rec recs[CHUNK];
	struct pending *p;
	size_t i, j, nrecs = 0;

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
			if (r->uses[p->type])
				__builtin_prefetch((char *)&r->st[p->id] +
				                   group_offset(p->type));
		}
		j = i - 2 * AHEAD;
		if (i >= 2 * AHEAD)
			nrecs += consume(r, &pend[j], &recs[nrecs]);
	}
	if (nrecs == 0)
		return;
	if (!r->spool)
		r->spool = spool_open();
	if (fwrite(recs, sizeof(*recs), nrecs, r->spool) != nrecs)
		die_errno(EXIT_SYSTEM, "cannot write a temporary file");
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
	p->q = 0;
	if (ev->has_value) /* hundredths; |value| capped at 10^15 */
		p->q = llround(fmax(-1e15, fmin(1e15, ev->value)) * 100);
	if (b->n == BATCH)
		submit(r);
}

/* Replay the spooled events now that the as-of date is known. */
static void
replay(struct health_run *r)
{
	static struct rec buf[4096];
	size_t n, i;

	if (fflush(r->spool) != 0 || fseek(r->spool, 0, SEEK_SET) != 0)
		die_errno(EXIT_SYSTEM, "cannot write a temporary file");
	while ((n = fread(buf, sizeof(buf[0]), 4096, r->spool)) > 0)
		for (i = 0; i < n; i++) {
			if (i + 16 < n) /* start the memory access early */
				__builtin_prefetch(
				    (char *)&r->st[buf[i + 16].idt >> 6] +
				    group_offset((int)(buf[i + 16].idt & 31)));
			apply_both(r, buf[i].idt >> 6, buf[i].day,
			           (int)(buf[i].idt & 31),
			           (int)(buf[i].idt >> 5 & 1), buf[i].q);
		}
	if (ferror(r->spool))
		die_errno(EXIT_SYSTEM, "cannot read a temporary file");
	fclose(r->spool);
	r->spool = NULL;
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
	if (!r->given)
		r->as_of = max_day;
	if (r->spool)
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
	return strmap_memory(r->ids) + health_index_memory(r->index) +
	       r->cap * sizeof(*r->st);
}

/* ---- the component formulas ---- */

/* 100 * 2^-x: a "load" of x half-lives. */
static double
halve(double x)
{
	return 100 * exp2(-x);
}

static double
clamp100(double v)
{
	return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* The pieces of every formula, for the score and for --explain. */
struct parts {
	/* usage */
	double u_trend, u_recent, u_gap;
	/* support */
	double t_open, t_backlog, t_load;
	/* payments */
	double p_typical, p_base, p_late_days, p_overdue, p_ratio, p_load;
	/* sentiment */
	double s_nps, s_csat, nps_mean, csat_mean;
	int has_nps, has_csat;
	/* engagement */
	double e_gap, e_recent, e_rate, e_freq;
	/* supplier */
	double esc_open, esc_load;
};

static int
usage_score(const struct acc *a, int e, struct parts *p, double *s)
{
	if (a->last_usage == INT_MIN)
		return 0;
	if (a->usage_prev > 0)
		p->u_trend =
		    100 * fmin(1, (double)a->usage_cur / (double)a->usage_prev);
	else
		p->u_trend = a->usage_cur > 0 ? 100 : 0;
	p->u_gap = (double)e - a->last_usage;
	p->u_recent = halve(p->u_gap / USAGE_HALF_LIFE);
	*s = (p->u_trend + p->u_recent) / 2;
	return 1;
}

static int
support_score(const struct acc *a, int w, struct parts *p, double *s)
{
	if (a->tickets_seen == 0)
		return 0;
	p->t_open = a->tickets_open > 0 ? a->tickets_open : 0;
	p->t_backlog = a->ticket_days > 0 ? (double)a->ticket_days / w : 0;
	p->t_load = a->ticket_sev / TICKET_SEV_HALF +
	            p->t_open / TICKET_OPEN_HALF +
	            p->t_backlog / TICKET_BACKLOG_HALF;
	*s = halve(p->t_load);
	return 1;
}

static int
payments_score(const struct acc *a, struct parts *p, double *s)
{
	if (a->invoices == 0)
		return 0;
	p->p_typical = (double)a->invoiced_all / a->invoices;
	p->p_base = fmax((double)a->invoiced_win, p->p_typical);
	p->p_overdue = a->outstanding > 0 ? (double)a->outstanding : 0;
	if (p->p_base > 0) {
		p->p_late_days = a->late > 0 ? (double)a->late / p->p_base : 0;
		p->p_ratio = p->p_overdue / p->p_base;
	} else {
		p->p_late_days = p->p_ratio = 0;
	}
	p->p_load = p->p_late_days / LATE_HALF + p->p_ratio / OVERDUE_HALF;
	*s = halve(p->p_load);
	return 1;
}

static int
sentiment_score(const struct acc *a, struct parts *p, double *s)
{
	p->has_nps = a->nps_n > 0;
	p->has_csat = a->csat_n > 0;
	if (p->has_nps) {
		p->nps_mean = (double)a->nps_sum / 100 / a->nps_n;
		p->s_nps = 10 * p->nps_mean;
	}
	if (p->has_csat) {
		p->csat_mean = (double)a->csat_sum / 100 / a->csat_n;
		p->s_csat = 25 * (p->csat_mean - 1);
	}
	if (!p->has_nps && !p->has_csat)
		return 0;
	if (p->has_nps && p->has_csat)
		*s = (p->s_nps + p->s_csat) / 2;
	else
		*s = p->has_nps ? p->s_nps : p->s_csat;
	return 1;
}

static int
engagement_score(const struct acc *a, int e, int w, struct parts *p, double *s)
{
	if (a->last_touch == INT_MIN)
		return 0;
	p->e_gap = (double)e - a->last_touch;
	p->e_recent = halve(p->e_gap / TOUCH_HALF_LIFE);
	p->e_rate = a->touches * 30.0 / w;
	p->e_freq = 100 * fmin(1, p->e_rate / TOUCHES_PER_30_DAYS);
	*s = (p->e_recent + p->e_freq) / 2;
	return 1;
}

static int
escalation_score(const struct acc *a, struct parts *p, double *s)
{
	if (a->esc_seen == 0)
		return 0;
	p->esc_open = a->esc_open > 0 ? a->esc_open : 0;
	p->esc_load =
	    p->esc_open / ESC_OPEN_HALF +
	    (a->esc_days > 0 ? (double)a->esc_days : 0) / ESC_DAYS_HALF;
	*s = halve(p->esc_load);
	return 1;
}

/* Every component score of a at date e (has[i] = 0 where no data). */
static void
components(const struct health_model *m, const struct acc *a, int e,
           struct parts *p, int *has, double *comp)
{
	int w = m->window;

	memset(p, 0, sizeof(*p));
	if (m->profile == HEALTH_CLIENT) {
		has[C_USAGE] = usage_score(a, e, p, &comp[C_USAGE]);
		has[C_SUPPORT] = support_score(a, w, p, &comp[C_SUPPORT]);
		has[C_PAYMENTS] = payments_score(a, p, &comp[C_PAYMENTS]);
		has[C_SENTIMENT] = sentiment_score(a, p, &comp[C_SENTIMENT]);
		has[C_ENGAGEMENT] =
		    engagement_score(a, e, w, p, &comp[C_ENGAGEMENT]);
	} else {
		has[S_DELIVERY] = a->deliveries > 0;
		if (a->deliveries > 0)
			comp[S_DELIVERY] = 100.0 * a->on_time / a->deliveries;
		has[S_SLA] = a->slas > 0;
		if (a->slas > 0)
			comp[S_SLA] = 100.0 * a->sla_met / a->slas;
		has[S_ESCALATIONS] =
		    escalation_score(a, p, &comp[S_ESCALATIONS]);
	}
}

/* Combine component scores: weights, coverage, score, driver. */
static void
combine(const struct health_model *m, struct health_score *out)
{
	double total = 0, with_data = 0, sum = 0, cost, worst = 0;
	int i;

	for (i = 0; i < m->ncomp; i++) {
		out->comp[i] = clamp100(out->comp[i]);
		total += m->weight[i];
		if (out->has[i] && m->weight[i] > 0) {
			with_data += m->weight[i];
			sum += m->weight[i] * out->comp[i];
		}
	}
	out->coverage = with_data / total;
	out->has_score = with_data > 0;
	out->score = out->has_score ? clamp100(sum / with_data) : 0;
	out->driver = -1;
	for (i = 0; i < m->ncomp && out->has_score; i++) {
		if (!out->has[i] || m->weight[i] <= 0)
			continue;
		cost = m->weight[i] / total * (100 - out->comp[i]);
		if (cost > worst) {
			worst = cost;
			out->driver = i;
		}
	}
}

static void
score_parts(const struct health_run *r, size_t id, int which,
            struct health_score *out, struct parts *p)
{
	int e = r->as_of - (which ? r->m->window : 0);
	struct acc a;

	memset(out, 0, sizeof(*out));
	out->driver = -1;
	if (r->as_of == INT_MIN || id >= strmap_count(r->ids)) {
		out->coverage = 0;
		memset(p, 0, sizeof(*p));
		return;
	}
	acc_view(&r->st[id], which, &a);
	components(r->m, &a, e, p, out->has, out->comp);
	combine(r->m, out);
}

void
health_score(const struct health_run *r, size_t id, int which,
             struct health_score *out)
{
	struct parts p;

	score_parts(r, id, which, out, &p);
}

/* ---- output ---- */

static const struct strmap *sort_map;

static int
by_key(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	size_t la = strmap_key_len(sort_map, a),
	       lb = strmap_key_len(sort_map, b);
	int c = memcmp(strmap_key(sort_map, a), strmap_key(sort_map, b),
	               la < lb ? la : lb);

	return c ? c : (la > lb) - (la < lb);
}

/* Ids of the accounts sorted by key. */
static size_t *
sorted_ids(const struct health_run *r)
{
	size_t n = strmap_count(r->ids), i;
	size_t *ids = xreallocarray(NULL, n ? n : 1, sizeof(*ids));

	for (i = 0; i < n; i++)
		ids[i] = i;
	sort_map = r->ids;
	qsort(ids, n, sizeof(*ids), by_key);
	return ids;
}

static void
put_fixed(FILE *f, int has, double v, int decimals)
{
	if (has)
		tsv_put_fixed(f, v, decimals);
}

/* Write the added columns of one account (id < 0: not in the events). */
static void
write_scores(FILE *f, const struct health_run *r, long id)
{
	const struct health_model *m = r->m;
	struct health_score now, before;
	int i;

	memset(&now, 0, sizeof(now));
	memset(&before, 0, sizeof(before));
	now.driver = -1;
	if (id >= 0) {
		health_score(r, (size_t)id, 0, &now);
		health_score(r, (size_t)id, 1, &before);
	}
	put_fixed(f, now.has_score, now.score, 1);
	putc('\t', f);
	if (now.has_score)
		tsv_put_str(f, health_band(m, now.score));
	putc('\t', f);
	put_fixed(f, now.has_score && before.has_score,
	          now.score - before.score, 1);
	putc('\t', f);
	if (now.driver >= 0)
		fputs(health_component_name(m, now.driver), f);
	putc('\t', f);
	tsv_put_fixed(f, now.coverage, NUM_RATE_DECIMALS);
	for (i = 0; i < m->ncomp; i++) {
		putc('\t', f);
		put_fixed(f, now.has[i], now.comp[i], 1);
	}
	putc('\n', f);
}

static void
write_header_tail(FILE *f, const struct health_model *m)
{
	int i;

	fputs("health\tband\ttrend\tdriver\tcoverage", f);
	for (i = 0; i < m->ncomp; i++)
		fprintf(f, "\t%s", health_component_name(m, i));
	putc('\n', f);
}

static int
is_added_column(const struct health_model *m, const char *name)
{
	static const char *const fixed[] = {"health", "band", "trend", "driver",
	                                    "coverage"};
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(name, fixed[i]) == 0)
			return 1;
	return component_index(m, name, strlen(name)) >= 0;
}

void
health_write(FILE *f, struct health_run *r, struct table *t)
{
	size_t *ids = sorted_ids(r), n = strmap_count(r->ids), i, row;
	size_t ncols, nrows, c;
	int *keep, keycol;
	long id;

	if (!t) {
		fputs("account\t", f);
		write_header_tail(f, r->m);
		for (i = 0; i < n; i++) {
			fputs(strmap_key(r->ids, ids[i]), f);
			putc('\t', f);
			write_scores(f, r, (long)ids[i]);
		}
		free(ids);
		return;
	}
	for (i = 0; i < n; i++) /* new accounts after the table's, sorted */
		table_find(t, strmap_key(r->ids, ids[i]),
		           strmap_key_len(r->ids, ids[i]), 1);
	free(ids);
	/* Columns this program writes are replaced, not repeated. */
	ncols = table_ncols(t);
	keep = xreallocarray(NULL, ncols ? ncols : 1, sizeof(*keep));
	for (c = 0; c < ncols; c++) {
		keep[c] = !is_added_column(r->m, table_colname(t, c));
		if (keep[c]) {
			fputs(table_colname(t, c), f);
			putc('\t', f);
		}
	}
	write_header_tail(f, r->m);
	nrows = table_nrows(t);
	keycol = table_column(t, "account");
	for (row = 0; row < nrows; row++) {
		const char *key = table_cell(t, row, keycol);

		for (c = 0; c < ncols; c++)
			if (keep[c]) {
				fputs(table_cell(t, row, (int)c), f);
				putc('\t', f);
			}
		id = strmap_find(r->ids, key, strlen(key));
		write_scores(f, r, id);
	}
	free(keep);
}

void
health_run_free(struct health_run *r)
{
	int i;

	if (!r)
		return;
	if (r->spool)
		fclose(r->spool);
	strmap_free(r->ids);
	health_index_free(r->index);
	for (i = 0; i < NBATCH; i++)
		free(r->batch[i].keys);
	free(r->batch);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->full);
	pthread_cond_destroy(&r->emptied);
	free(r->st);
	free(r->watched);
	free(r);
}

/* ---- --explain ---- */

/* v with decimals digits, in one of a few rotating buffers. */
static const char *
fmt(double v, int decimals)
{
	static char buf[16][48]; /* enough for the longest fprintf below */
	static int next;
	char *b = buf[next++ & 15];

	num_format(b, sizeof(buf[0]), v, decimals);
	return b;
}

static const char *
fmt_day(int day)
{
	static char buf[4][DATE_BUFSIZE];
	static int next;
	char *b = buf[next++ & 3];

	date_format(day, b);
	return b;
}

static int
by_event(const void *x, const void *y)
{
	const struct rec *a = x, *b = y;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if ((a->idt & 63) != (b->idt & 63))
		return (a->idt & 63) < (b->idt & 63) ? -1 : 1;
	return (a->q > b->q) - (a->q < b->q);
}

static void
explain_events(FILE *f, struct health_run *r)
{
	size_t i;
	struct rec *e;

	if (r->nwatched > 0)
		qsort(r->watched, r->nwatched, sizeof(*r->watched), by_event);
	fprintf(f, "events (%zu, by date, type and value):\n", r->nwatched);
	for (i = 0; i < r->nwatched; i++) {
		e = &r->watched[i];
		fprintf(f, "  %s  %-17s %s%s\n", fmt_day(e->day),
		        event_type_name((enum event_type)(e->idt & 31)),
		        e->idt >> 5 & 1 ? fmt((double)e->q / 100, 2) : "-",
		        e->day > r->as_of ? "  (after as-of: ignored)" : "");
	}
	if (r->nwatched == 0)
		fprintf(f, "  (none)\n");
}

static void
explain_usage(FILE *f, const struct acc *a, const struct parts *p, int e, int w,
              double s)
{
	fprintf(f,
	        "  usage: last usage %s, %s days before: recency = 100 * "
	        "2^(-%s/%s) = %s\n",
	        fmt_day(a->last_usage), fmt(p->u_gap, 0), fmt(p->u_gap, 0),
	        fmt(USAGE_HALF_LIFE, 0), fmt(p->u_recent, 2));
	fprintf(f, "    usage %s..%s = %s, %s..%s = %s: ", fmt_day(e - w + 1),
	        fmt_day(e), fmt(a->usage_cur / 100.0, 2),
	        fmt_day(e - 2 * w + 1), fmt_day(e - w),
	        fmt(a->usage_prev / 100.0, 2));
	if (a->usage_prev > 0)
		fprintf(f, "trend = 100 * min(1, %s/%s) = %s\n",
		        fmt(a->usage_cur / 100.0, 2),
		        fmt(a->usage_prev / 100.0, 2), fmt(p->u_trend, 2));
	else
		fprintf(f, "trend = %s (no usage in the previous window)\n",
		        fmt(p->u_trend, 2));
	fprintf(f, "    usage = (%s + %s) / 2 = %s\n", fmt(p->u_trend, 2),
	        fmt(p->u_recent, 2), fmt(s, 2));
}

static void
explain_support(FILE *f, const struct acc *a, const struct parts *p, int w,
                double s)
{
	fprintf(f,
	        "  support: severity points in the window S = %d, tickets "
	        "open O = %s, ticket-days in the window %s, backlog B = "
	        "%s/%d = %s\n",
	        a->ticket_sev, fmt(p->t_open, 0),
	        fmt((double)(a->ticket_days > 0 ? a->ticket_days : 0), 0),
	        fmt((double)(a->ticket_days > 0 ? a->ticket_days : 0), 0), w,
	        fmt(p->t_backlog, 4));
	fprintf(f,
	        "    load = %d/%s + %s/%s + %s/%s = %s; support = 100 * "
	        "2^-%s = %s\n",
	        a->ticket_sev, fmt(TICKET_SEV_HALF, 0), fmt(p->t_open, 0),
	        fmt(TICKET_OPEN_HALF, 0), fmt(p->t_backlog, 4),
	        fmt(TICKET_BACKLOG_HALF, 1), fmt(p->t_load, 4),
	        fmt(p->t_load, 4), fmt(s, 2));
}

static void
explain_payments(FILE *f, const struct acc *a, const struct parts *p, double s)
{
	fprintf(f,
	        "  payments: invoices due so far: %d, %s in all: typical "
	        "invoice M = %s; due in the window I = %s; base R = "
	        "max(I, M) = %s\n",
	        a->invoices, fmt(a->invoiced_all / 100.0, 2),
	        fmt(p->p_typical / 100, 2), fmt(a->invoiced_win / 100.0, 2),
	        fmt(p->p_base / 100, 2));
	fprintf(f,
	        "    overdue amount-days in the window N = %s, days late "
	        "L = max(0, N)/R = %s\n",
	        fmt(a->late / 100.0, 2), fmt(p->p_late_days, 4));
	fprintf(f,
	        "    outstanding at the date %s, overdue ratio Q = "
	        "max(0, outstanding)/R = %s\n",
	        fmt(a->outstanding / 100.0, 2), fmt(p->p_ratio, 4));
	fprintf(f,
	        "    load = %s/%s + %s/%s = %s; payments = 100 * 2^-%s = "
	        "%s\n",
	        fmt(p->p_late_days, 4), fmt(LATE_HALF, 0), fmt(p->p_ratio, 4),
	        fmt(OVERDUE_HALF, 0), fmt(p->p_load, 4), fmt(p->p_load, 4),
	        fmt(s, 2));
}

static void
explain_sentiment(FILE *f, const struct acc *a, const struct parts *p, double s)
{
	fprintf(f, "  sentiment:");
	if (p->has_nps)
		fprintf(f,
		        " latest nps %s (%d answer%s, mean %s): 10 * %s = "
		        "%s;",
		        fmt_day(a->nps_day), a->nps_n, a->nps_n == 1 ? "" : "s",
		        fmt(p->nps_mean, 2), fmt(p->nps_mean, 2),
		        fmt(p->s_nps, 2));
	else
		fprintf(f, " no nps answer;");
	if (p->has_csat)
		fprintf(f,
		        " csat in the window: %d answer%s, mean %s: 25 * "
		        "(%s - 1) = %s",
		        a->csat_n, a->csat_n == 1 ? "" : "s",
		        fmt(p->csat_mean, 2), fmt(p->csat_mean, 2),
		        fmt(p->s_csat, 2));
	else
		fprintf(f, " no csat answer in the window");
	fprintf(f, "\n    sentiment = %s\n", fmt(s, 2));
}

static void
explain_engagement(FILE *f, const struct acc *a, const struct parts *p, int w,
                   double s)
{
	fprintf(f,
	        "  engagement: last touch %s, %s days before: recency = "
	        "100 * 2^(-%s/%s) = %s\n",
	        fmt_day(a->last_touch), fmt(p->e_gap, 0), fmt(p->e_gap, 0),
	        fmt(TOUCH_HALF_LIFE, 0), fmt(p->e_recent, 2));
	fprintf(f,
	        "    touches in the window: %d, rate = %d * 30/%d = %s a "
	        "month, frequency = 100 * min(1, %s/%s) = %s\n",
	        a->touches, a->touches, w, fmt(p->e_rate, 4), fmt(p->e_rate, 4),
	        fmt(TOUCHES_PER_30_DAYS, 0), fmt(p->e_freq, 2));
	fprintf(f, "    engagement = (%s + %s) / 2 = %s\n", fmt(p->e_recent, 2),
	        fmt(p->e_freq, 2), fmt(s, 2));
}

static void
explain_supplier(FILE *f, const struct acc *a, const struct parts *p,
                 const struct health_score *sc)
{
	if (sc->has[S_DELIVERY])
		fprintf(f,
		        "  delivery: %d of %d deliveries in the window on "
		        "time (days late <= 0): 100 * %d/%d = %s\n",
		        a->on_time, a->deliveries, a->on_time, a->deliveries,
		        fmt(sc->comp[S_DELIVERY], 2));
	else
		fprintf(f, "  delivery: no data (no delivery in the window)\n");
	if (sc->has[S_SLA])
		fprintf(f,
		        "  sla: %d of %d in the window met: 100 * %d/%d = "
		        "%s\n",
		        a->sla_met, a->slas, a->sla_met, a->slas,
		        fmt(sc->comp[S_SLA], 2));
	else
		fprintf(f, "  sla: no data (no sla event in the window)\n");
	if (sc->has[S_ESCALATIONS])
		fprintf(f,
		        "  escalations: open %s, escalation-days in the "
		        "window %s: load = %s/%s + %s/%s = %s; escalations "
		        "= 100 * 2^-%s = %s\n",
		        fmt(p->esc_open, 0),
		        fmt((double)(a->esc_days > 0 ? a->esc_days : 0), 0),
		        fmt(p->esc_open, 0), fmt(ESC_OPEN_HALF, 0),
		        fmt((double)(a->esc_days > 0 ? a->esc_days : 0), 0),
		        fmt(ESC_DAYS_HALF, 0), fmt(p->esc_load, 4),
		        fmt(p->esc_load, 4), fmt(sc->comp[S_ESCALATIONS], 2));
	else
		fprintf(f, "  escalations: no data (no escalation event)\n");
}

static void
explain_combination(FILE *f, const struct health_model *m,
                    const struct health_score *sc)
{
	double total = 0;
	int i, first = 1;

	for (i = 0; i < m->ncomp; i++)
		total += m->weight[i];
	if (!sc->has_score) {
		fprintf(f, "  health: no score (no component with weight has "
		           "data); coverage = 0\n");
		return;
	}
	fprintf(f, "  health = (");
	for (i = 0; i < m->ncomp; i++)
		if (sc->has[i] && m->weight[i] > 0) {
			fprintf(f, "%s%s * %s", first ? "" : " + ",
			        fmt(m->weight[i], 2), fmt(sc->comp[i], 2));
			first = 0;
		}
	fprintf(f, ") / (");
	first = 1;
	for (i = 0; i < m->ncomp; i++)
		if (sc->has[i] && m->weight[i] > 0) {
			fprintf(f, "%s%s", first ? "" : " + ",
			        fmt(m->weight[i], 2));
			first = 0;
		}
	fprintf(f, ") = %s\n", fmt(sc->score, 2));
	fprintf(f, "  coverage = %s / %s = %s\n", fmt(sc->coverage * total, 2),
	        fmt(total, 2), fmt(sc->coverage, 4));
	fprintf(f, "  band: %s\n", health_band(m, sc->score));
	fprintf(f, "  cost of each component = weight / %s * (100 - score):",
	        fmt(total, 2));
	for (i = 0; i < m->ncomp; i++)
		if (sc->has[i] && m->weight[i] > 0)
			fprintf(
			    f, " %s %s", health_component_name(m, i),
			    fmt(m->weight[i] / total * (100 - sc->comp[i]), 2));
	fprintf(f, "\n  driver: %s\n",
	        sc->driver >= 0 ? health_component_name(m, sc->driver)
	                        : "none (every component scores 100)");
}

static void
explain_date(FILE *f, struct health_run *r, int which, struct health_score *sc)
{
	const struct health_model *m = r->m;
	int w = m->window, e = r->as_of - (which ? w : 0), i;
	struct acc view, *a = &view;
	struct parts p;

	acc_view(&r->st[r->watch], which, a);
	score_parts(r, (size_t)r->watch, which, sc, &p);
	fprintf(f, "\nat %s, %s (window %s..%s):\n", fmt_day(e),
	        which ? "as-of - window" : "the as-of date", fmt_day(e - w + 1),
	        fmt_day(e));
	if (m->profile == HEALTH_SUPPLIER) {
		explain_supplier(f, a, &p, sc);
	} else {
		for (i = 0; i < m->ncomp; i++) {
			if (!sc->has[i]) {
				fprintf(f, "  %s: no data\n",
				        health_component_name(m, i));
				continue;
			}
			if (i == C_USAGE)
				explain_usage(f, a, &p, e, w, sc->comp[i]);
			else if (i == C_SUPPORT)
				explain_support(f, a, &p, w, sc->comp[i]);
			else if (i == C_PAYMENTS)
				explain_payments(f, a, &p, sc->comp[i]);
			else if (i == C_SENTIMENT)
				explain_sentiment(f, a, &p, sc->comp[i]);
			else
				explain_engagement(f, a, &p, w, sc->comp[i]);
		}
	}
	explain_combination(f, m, sc);
}

int
health_explain(FILE *f, struct health_run *r, int in_table)
{
	const struct health_model *m = r->m;
	struct health_score now, before;

	if (r->watch < 0 || (r->nwatched == 0 && !in_table))
		return -1;
	fprintf(f, "account: %s\n", strmap_key(r->ids, (size_t)r->watch));
	fprintf(f, "profile: %s, window %d days, weights",
	        m->profile == HEALTH_CLIENT ? "client" : "supplier", m->window);
	for (int i = 0; i < m->ncomp; i++)
		fprintf(f, " %s=%s", health_component_name(m, i),
		        fmt(m->weight[i], 2));
	putc('\n', f);
	if (r->as_of == INT_MIN) {
		fprintf(f, "as-of: none (no events)\nno score\n");
		return 0;
	}
	fprintf(f, "as-of: %s%s\n", fmt_day(r->as_of),
	        r->given ? "" : " (the latest event date)");
	explain_events(f, r);
	explain_date(f, r, 0, &now);
	explain_date(f, r, 1, &before);
	if (now.has_score && before.has_score)
		fprintf(f, "\ntrend = %s - %s = %s\n", fmt(now.score, 2),
		        fmt(before.score, 2), fmt(now.score - before.score, 2));
	else
		fprintf(f, "\ntrend: none (a score is missing)\n");
	return 0;
}

const char *
health_run_watched_key(const struct health_run *r)
{
	return r->watch < 0 ? NULL : strmap_key(r->ids, (size_t)r->watch);
}
