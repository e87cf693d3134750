/*
 * health_impl.h - what the files of the health model share: the
 * per-account state, the run, the pieces of the formulas and their
 * constants.  Only lib/health*.c include it; everyone else uses health.h.
 */
#ifndef RMKIT_HEALTH_IMPL_H
#define RMKIT_HEALTH_IMPL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "health.h"
#include "health_index.h"
#include "strmap.h"

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
/*
 * The reading thread hands events to a worker thread in batches of
 * BATCH (NBATCH of them in a ring); the worker resolves them CHUNK at a
 * time (see flush()).
 */
#define BATCH 4096
#define NBATCH 4
#define CHUNK 256
#define AHEAD ((size_t)12)
#define SETTLE_BUF 4096
#define SPOOL_BUF ((size_t)256 << 10)

/* One event waiting in the batch. */
struct pending {
	double value;    /* as read; 0 when has_value is 0 */
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

/*
 * The records of a spool not applied yet, in blocks of about SETTLE_RECS
 * consecutive records (a ring of at most SETTLE_BLOCKS; when it is full
 * the last block grows), each with its latest day: a block whose latest
 * day is three windows before the latest day seen is applied while the
 * events are still read (see settle() in health_run.c).
 */
#define SETTLE_BLOCKS 1024
#define SETTLE_RECS 4096

struct settled {
	unsigned long long done; /* records applied during the pass */
	unsigned long long n[SETTLE_BLOCKS];
	int max_day[SETTLE_BLOCKS];
	int head, count;
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
	size_t st_bytes;           /* of st's mapping; 0: st is from malloc() */
	FILE *spool[2];            /* spooled events, by account id parity */
	char *spool_buf[2];        /* their stdio buffers (SPOOL_BUF bytes) */
	struct settled settled[2]; /* of each spool */
	struct rec *settle_buf;    /* SETTLE_BUF records */
	int max_seen;              /* latest day of an event so far */
	unsigned char uses[EV_NTYPES]; /* types the profile's formulas read */
	long watch;                    /* watched account id, or -1 */
	struct rec *watched;
	size_t nwatched, watched_cap;
};

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

/* Date k's view (0: as-of, 1: as-of - window) of an account's state. */
void health_acc_view(const struct state *s, int k, struct acc *a);

/*
 * Score account id at date which (as health_score()), keeping the pieces
 * of every formula in *p for --explain.
 */
void health_score_parts(const struct health_run *r, size_t id, int which,
                        struct health_score *out, struct parts *p);

#endif
