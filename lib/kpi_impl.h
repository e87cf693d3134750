/*
 * kpi_impl.h - the state of a KPI computation, for the modules that
 * finish it (kpi.c), write it out as a partial and read it back
 * (kpi_partial.c).  Not a public interface: see kpi.h.
 */
#ifndef RMKIT_KPI_IMPL_H
#define RMKIT_KPI_IMPL_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "itemlog.h"
#include "kpi.h"
#include "pairs.h"
#include "strmap.h"
#include "table.h"

/* Per-group, per-period fields. */
enum field {
	F_ACCOUNTS,
	F_ACTIVE,
	F_NEW,
	F_PAYING_START,
	F_PAYING_END,
	F_CHURNED,
	F_MRR_START,
	F_MRR_END,
	F_NEW_MRR,
	F_EXPANSION,
	F_CONTRACTION,
	F_CHURN_MRR,
	F_ORDERS,
	F_MONTHS,
	F_WON_N,
	F_WON_AMT,
	F_WON_AMT_N,
	F_LOST_N,
	F_NEWBIZ,
	F_UPSELL,
	F_CROSSSELL,
	F_OPENED_N,
	F_OPENED_WON,
	F_OPEN_PIPE,
	F_CLOSE_DAYS,
	F_CLOSE_DAYS_N,
	F_TOUCHES,
	F_QBRS,
	F_UNTOUCHED,
	F_NPS_N,
	F_NPS_PRO,
	F_NPS_DET,
	F_CSAT_N,
	F_CSAT_SUM,
	F_TICKETS,
	F_TICKETS_OPEN,
	F_TICKET_MEDIAN,
	F_INV_DUE,
	F_INV_ONTIME,
	F_INV_PAID,
	F_DAYS_LATE,
	F_OVERDUE,
	F_HEALTH_N,
	F_HEALTH_SUM,
	F_WORSE_KNOWN,
	F_WORSENED,
	F_CLV_N,
	F_CLV_SUM,
	F_REN_DUE,
	F_REN_DUE_VAL,
	F_RENEWED,
	F_RENEWED_VAL,
	F_TTFV_MEDIAN,
	F_DELIV_N,
	F_DELIV_ONTIME,
	F_SLA_N,
	F_SLA_MET,
	F_ESCALATIONS,
	F_ESC_MEDIAN,
	NF
};

/* Values collected for medians, per group and period. */
enum median { M_TICKET, M_TTFV, M_ESC, NM };

/*
 * Sums are kept exactly, as integers counting 2^-FIX_BITS: a sum then
 * does not depend on the order of its terms, so events read by several
 * threads, or shards merged in any order (--merge), give the very same
 * report.  A value is cut to a multiple of 2^-48 (about 3.6e-15) and
 * its magnitude held below 2^65 (about 3.7e19).
 */
__extension__ typedef __int128 kfix;
__extension__ typedef unsigned __int128 ukfix;
#define FIX_BITS 48
#define FIX_ONE ((kfix)1 << FIX_BITS)

static inline kfix
fix_of(double v)
{
	uint64_t bits, mant;
	int e, sh;
	kfix r;

	if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
		return (kfix)(long long)v * FIX_ONE;
	if (isnan(v))
		return 0;
	memcpy(&bits, &v, sizeof(bits));
	e = (int)((bits >> 52) & 0x7ff);
	mant = bits & ((UINT64_C(1) << 52) - 1);
	if (e)
		mant |= UINT64_C(1) << 52;
	else
		e = 1;
	sh = e - 1075 + FIX_BITS; /* v = mant * 2^(e - 1075) */
	if (sh > 60)
		sh = 60; /* infinite or huge: held near 2^65 */
	if (sh <= -53)
		return 0;
	r = sh >= 0 ? (kfix)mant << sh : (kfix)(mant >> -sh);
	return bits >> 63 ? -r : r;
}

/* The value of an exact sum (rounded once, to the nearest double). */
static inline double
fix_value(kfix a)
{
	return (double)a * (1.0 / (double)FIX_ONE);
}

/* Ring slots. */
struct gslot {
	int tag;
	kfix f[NF];
};

struct aslot {
	int tag;
	int last_touch;
	int ordered;
};

struct mslot {
	int tag;
	int day;
	double value;
};

struct acct {
	int group;
	long row;  /* account-table row, -1 */
	int start; /* its "start" date, INT_MIN */
	int first_rev, first_event, first_milestone;
	int base_touch; /* latest touch before the window */
};

struct sub {
	size_t acct;
	int base_day;
	double base_value;
};

#define PERIOD_CACHE 4096 /* days, about 11 years */
#define LAST_KEY 64       /* bytes of the last account's key kept */

/* Paired records (pairs.h), one table per kind. */
enum { IT_OPP, IT_TICKET, IT_INVOICE, IT_CONTRACT, IT_ESC, NIT };

struct kpi_state {
	struct kpi_options opt;
	struct table *t;
	int R;         /* ring size */
	int fixed_top; /* period of --as-of, or INT_MIN */
	int start_col; /* the table's "start" column, -1 */
	unsigned seen; /* event types met */
	/* groups */
	int ngroups;
	char **group_labels;
	struct gslot *gring; /* [ngroups][R] */
	/* accounts */
	struct strmap *accounts;
	struct acct *acct;
	struct aslot *aring; /* [naccounts][R] */
	size_t acap;
	size_t reserve; /* accounts to make room for at the first */
	/* subscriptions */
	struct pairs *subs; /* subscriptions: (account, ref) */
	struct sub *sub;
	struct mslot *sring;
	size_t scap;
	struct pairs *items[NIT];  /* items kept in memory (and from partials) */
	struct itemlog *log;       /* the items' events set aside, or NULL */
	int group_none;            /* group of accounts outside the table */
	unsigned char *group_used; /* [ngroups]: some account is in it */
	int *row_group;            /* [table rows] */
	/* the last account and day seen (events often come grouped) */
	size_t last_acct;
	/* its key, kept here (when not longer than LAST_KEY) so that the
	   next event's account is compared without a look into the map */
	size_t last_len; /* SIZE_MAX: none kept */
	char last_key[LAST_KEY];
	unsigned long long returns; /* kpi_account_returns() */
	int max_day;     /* the latest event date, INT_MIN */
	struct fin *fin; /* kpi_prepare()'s result, or NULL */
	int cache_day[PERIOD_CACHE], cache_period[PERIOD_CACHE];
};

/* The health, band-move and CLV sums of the account table. */
enum {
	KT_HEALTH_N,
	KT_HEALTH_SUM,
	KT_CLV_N,
	KT_CLV_SUM,
	KT_WORSE_KNOWN,
	KT_WORSENED,
	KT_N
};

/* Table accounts by group and start date (INT_MIN: none). */
struct kpi_hist {
	int group, start;
	long count;
};

/*
 * What the account table adds to a report, apart from the accounts with
 * events: per group (of the rows' own groups, "all" not included) the
 * KT_ sums for the current period, the band names (best first) and the
 * accounts in each band, and every row by group and start date (sorted
 * by both, one entry each), so accounts without events are counted.
 */
struct kpi_tpart {
	int ngroups;
	kfix *f;     /* [ngroups][KT_N] */
	int nbands;
	char **bands;
	long *count; /* [ngroups][nbands] */
	size_t nhist;
	struct kpi_hist *hist;
};

/*
 * A state without groups (kpi_state_groups() makes the rings once
 * ngroups, group_labels and group_none are set), for share of the
 * table's accounts.
 */
struct kpi_state *kpi_state_new(const struct kpi_options *opt,
                                struct table *accounts, int share);
void kpi_state_groups(struct kpi_state *s);
void kpi_state_free(struct kpi_state *s);

/*
 * The id of account key (len bytes) in s, added (as outside the table,
 * in the group of such accounts, no events) when new: *added says so.
 */
size_t kpi_account_add(struct kpi_state *s, const char *key, size_t len,
                       int *added);

/* A new subscription of account acct (empty ring); its id. */
size_t kpi_sub_add(struct kpi_state *s, size_t acct);

/* A new paired record of kind which (IT_) for account acct. */
struct pair *kpi_item_add(struct kpi_state *s, int which, size_t acct);

/* What the account table of s adds (an empty part without a table). */
struct kpi_tpart *kpi_tpart_build(struct kpi_state *s);

/* An empty table part for ngroups groups (no table). */
struct kpi_tpart *kpi_tpart_new(int ngroups);
void kpi_tpart_free(struct kpi_tpart *tp);

/*
 * kpi_finish_many() with the table part given (from a partial: the
 * states have no table), or computed from the first state's table when
 * tp is NULL.  Frees tp and the states.
 */
struct report *kpi_finish_parts(struct kpi_state **states, int n,
                                int latest_day, struct kpi_tpart *tp);

#endif
