/*
 * kpi.c - KPI accumulators and the KPI table (see kpi.h).
 *
 * Three kinds of state, all filled by one pass over the events:
 *
 *  - rings: the last R periods (R = shown periods + 2) per group (event
 *    counts and sums), per account (last touch, orders) and per
 *    subscription (the latest MRR event).  A slot is tagged with its
 *    period; an event of a newer period evicts the slot (for MRR the
 *    evicted value folds into the subscription's "before the window"
 *    value), an event older than the slot's period is outside the
 *    window.  So the window can follow the latest date while reading.
 *  - records, to pair an open with its close: opportunities, tickets,
 *    invoices, contracts (renewals) and escalations, keyed by account
 *    and ref.
 *  - per account: first revenue, first event, first milestone.
 *
 * kpi_finish() turns all of it into per-group, per-period fields (the F_
 * enum) and applies the KPI table to them.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "kpi_impl.h"
#include "num.h"
#include "pairs.h"
#include "stats.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

#define BIT(t) (1u << (t))
/* Pseudo event types for presence: opportunities with a kind, a value. */
#define SEEN_OPP_KIND BIT(EV_NTYPES)
#define SEEN_OPP_VALUE BIT(EV_NTYPES + 1)

/* The KPI table. */
struct kpi_def {
	const char *name, *family, *title;
	enum kpi_unit unit;
	int better;
	unsigned needs; /* event types, any of which makes it present; 0:
	                   always computed (the function decides) */
	double (*fn)(const double *f, const double *prev);
};

static double
ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static double
nonzero(double n, double v)
{
	return n > 0 ? v : NAN;
}

#define F(x) f[F_##x]
static double
k_accounts(const double *f, const double *p)
{
	(void)p;
	return F(ACCOUNTS);
}
static double
k_active(const double *f, const double *p)
{
	(void)p;
	return F(ACTIVE);
}
static double
k_new(const double *f, const double *p)
{
	(void)p;
	return F(NEW);
}
static double
k_churned(const double *f, const double *p)
{
	(void)p;
	return F(CHURNED);
}
static double
k_logo_churn(const double *f, const double *p)
{
	(void)p;
	return ratio(F(CHURNED), F(PAYING_START));
}
static double
k_logo_ret(const double *f, const double *p)
{
	(void)p;
	return ratio(F(PAYING_START) - F(CHURNED), F(PAYING_START));
}
static double
k_rev_churn(const double *f, const double *p)
{
	(void)p;
	return ratio(F(CONTRACTION) + F(CHURN_MRR), F(MRR_START));
}
static double
k_nrr(const double *f, const double *p)
{
	(void)p;
	return ratio(F(MRR_START) + F(EXPANSION) - F(CONTRACTION) -
	                 F(CHURN_MRR),
	             F(MRR_START));
}
static double
k_grr(const double *f, const double *p)
{
	(void)p;
	return ratio(F(MRR_START) - F(CONTRACTION) - F(CHURN_MRR),
	             F(MRR_START));
}
static double
k_mrr(const double *f, const double *p)
{
	(void)p;
	return F(MRR_END);
}
static double
k_arr(const double *f, const double *p)
{
	(void)p;
	return 12 * F(MRR_END);
}
static double
k_new_mrr(const double *f, const double *p)
{
	(void)p;
	return F(NEW_MRR);
}
static double
k_exp_mrr(const double *f, const double *p)
{
	(void)p;
	return F(EXPANSION);
}
static double
k_contr_mrr(const double *f, const double *p)
{
	(void)p;
	return F(CONTRACTION);
}
static double
k_churn_mrr(const double *f, const double *p)
{
	(void)p;
	return F(CHURN_MRR);
}
static double
k_revenue(const double *f, const double *p)
{
	(void)p;
	return F(ORDERS) + F(MRR_END) * F(MONTHS);
}
static double
k_rev_growth(const double *f, const double *p)
{
	if (!p)
		return NAN;
	return ratio(k_revenue(f, NULL) - k_revenue(p, NULL),
	             k_revenue(p, NULL));
}
static double
k_arpa(const double *f, const double *p)
{
	(void)p;
	return ratio(F(MRR_END), F(PAYING_END));
}
static double
k_clv_mean(const double *f, const double *p)
{
	(void)p;
	return ratio(F(CLV_SUM), F(CLV_N));
}
static double
k_clv_total(const double *f, const double *p)
{
	(void)p;
	return nonzero(F(CLV_N), F(CLV_SUM));
}
static double
k_newbiz(const double *f, const double *p)
{
	(void)p;
	return F(NEWBIZ);
}
static double
k_upsell(const double *f, const double *p)
{
	(void)p;
	return F(UPSELL);
}
static double
k_crosssell(const double *f, const double *p)
{
	(void)p;
	return F(CROSSSELL);
}
static double
k_conversion(const double *f, const double *p)
{
	(void)p;
	return ratio(F(OPENED_WON), F(OPENED_N));
}
static double
k_win_rate(const double *f, const double *p)
{
	(void)p;
	return ratio(F(WON_N), F(WON_N) + F(LOST_N));
}
static double
k_deal_size(const double *f, const double *p)
{
	(void)p;
	return ratio(F(WON_AMT), F(WON_AMT_N));
}
static double
k_open_pipe(const double *f, const double *p)
{
	(void)p;
	return F(OPEN_PIPE);
}
static double
k_days_close(const double *f, const double *p)
{
	(void)p;
	return ratio(F(CLOSE_DAYS), F(CLOSE_DAYS_N));
}
static double
k_touches(const double *f, const double *p)
{
	(void)p;
	return F(TOUCHES);
}
static double
k_touches_pa(const double *f, const double *p)
{
	(void)p;
	return ratio(F(TOUCHES), F(ACCOUNTS));
}
static double
k_untouched(const double *f, const double *p)
{
	(void)p;
	return F(UNTOUCHED);
}
static double
k_qbrs(const double *f, const double *p)
{
	(void)p;
	return F(QBRS);
}
static double
k_nps(const double *f, const double *p)
{
	(void)p;
	return ratio(100 * (F(NPS_PRO) - F(NPS_DET)), F(NPS_N));
}
static double
k_nps_n(const double *f, const double *p)
{
	(void)p;
	return F(NPS_N);
}
static double
k_csat(const double *f, const double *p)
{
	(void)p;
	return ratio(F(CSAT_SUM), F(CSAT_N));
}
static double
k_csat_n(const double *f, const double *p)
{
	(void)p;
	return F(CSAT_N);
}
static double
k_tickets(const double *f, const double *p)
{
	(void)p;
	return F(TICKETS);
}
static double
k_tickets_open(const double *f, const double *p)
{
	(void)p;
	return F(TICKETS_OPEN);
}
static double
k_ticket_med(const double *f, const double *p)
{
	(void)p;
	return F(TICKET_MEDIAN);
}
static double
k_ontime_pay(const double *f, const double *p)
{
	(void)p;
	return ratio(F(INV_ONTIME), F(INV_DUE));
}
static double
k_late_pay(const double *f, const double *p)
{
	(void)p;
	return ratio(F(INV_DUE) - F(INV_ONTIME), F(INV_DUE));
}
static double
k_days_late(const double *f, const double *p)
{
	(void)p;
	return ratio(F(DAYS_LATE), F(INV_PAID));
}
static double
k_overdue(const double *f, const double *p)
{
	(void)p;
	return F(OVERDUE);
}
static double
k_health(const double *f, const double *p)
{
	(void)p;
	return ratio(F(HEALTH_SUM), F(HEALTH_N));
}
static double
k_worsened(const double *f, const double *p)
{
	(void)p;
	return nonzero(F(WORSE_KNOWN), F(WORSENED));
}
static double
k_ren_rate(const double *f, const double *p)
{
	(void)p;
	return ratio(F(RENEWED), F(REN_DUE));
}
static double
k_ren_val(const double *f, const double *p)
{
	(void)p;
	return ratio(F(RENEWED_VAL), F(REN_DUE_VAL));
}
static double
k_ttfv(const double *f, const double *p)
{
	(void)p;
	return F(TTFV_MEDIAN);
}
static double
k_deliv(const double *f, const double *p)
{
	(void)p;
	return ratio(F(DELIV_ONTIME), F(DELIV_N));
}
static double
k_sla(const double *f, const double *p)
{
	(void)p;
	return ratio(F(SLA_MET), F(SLA_N));
}
static double
k_esc(const double *f, const double *p)
{
	(void)p;
	return F(ESCALATIONS);
}
static double
k_esc_med(const double *f, const double *p)
{
	(void)p;
	return F(ESC_MEDIAN);
}
#undef F

#define REV (BIT(EV_MRR) | BIT(EV_ORDER))
static const struct kpi_def kpi_defs[] = {
    {"accounts", "portfolio", "Accounts", UNIT_COUNT, 0, 0, k_accounts},
    {"active_accounts", "portfolio", "Active accounts", UNIT_COUNT, 1, REV,
     k_active},
    {"new_accounts", "portfolio", "New accounts", UNIT_COUNT, 1, REV, k_new},
    {"churned_accounts", "portfolio", "Churned accounts", UNIT_COUNT, -1,
     BIT(EV_MRR), k_churned},
    {"logo_churn_rate", "portfolio", "Logo churn rate", UNIT_RATE, -1,
     BIT(EV_MRR), k_logo_churn},
    {"logo_retention_rate", "portfolio", "Logo retention rate", UNIT_RATE, 1,
     BIT(EV_MRR), k_logo_ret},
    {"revenue_churn_rate", "portfolio", "Revenue churn rate", UNIT_RATE, -1,
     BIT(EV_MRR), k_rev_churn},
    {"nrr", "portfolio", "Net revenue retention", UNIT_RATE, 1, BIT(EV_MRR),
     k_nrr},
    {"grr", "portfolio", "Gross revenue retention", UNIT_RATE, 1, BIT(EV_MRR),
     k_grr},
    {"mrr", "portfolio", "MRR", UNIT_MONEY, 1, BIT(EV_MRR), k_mrr},
    {"arr", "portfolio", "ARR", UNIT_MONEY, 1, BIT(EV_MRR), k_arr},
    {"new_mrr", "portfolio", "New MRR", UNIT_MONEY, 1, BIT(EV_MRR), k_new_mrr},
    {"expansion_mrr", "portfolio", "Expansion MRR", UNIT_MONEY, 1, BIT(EV_MRR),
     k_exp_mrr},
    {"contraction_mrr", "portfolio", "Contraction MRR", UNIT_MONEY, -1,
     BIT(EV_MRR), k_contr_mrr},
    {"churned_mrr", "portfolio", "Churned MRR", UNIT_MONEY, -1, BIT(EV_MRR),
     k_churn_mrr},
    {"revenue", "portfolio", "Revenue", UNIT_MONEY, 1, REV, k_revenue},
    {"revenue_growth", "portfolio", "Revenue growth", UNIT_RATE, 1, REV,
     k_rev_growth},
    {"arpa", "portfolio", "ARPA", UNIT_MONEY, 1, BIT(EV_MRR), k_arpa},
    {"clv_mean", "portfolio", "CLV (mean)", UNIT_MONEY, 1, 0, k_clv_mean},
    {"clv_total", "portfolio", "CLV (total)", UNIT_MONEY, 1, 0, k_clv_total},
    {"new_business_revenue", "pipeline", "New-business revenue", UNIT_MONEY, 1,
     SEEN_OPP_KIND, k_newbiz},
    {"upsell_revenue", "pipeline", "Upsell revenue", UNIT_MONEY, 1,
     SEEN_OPP_KIND, k_upsell},
    {"cross_sell_revenue", "pipeline", "Cross-sell revenue", UNIT_MONEY, 1,
     SEEN_OPP_KIND, k_crosssell},
    {"pipeline_conversion_rate", "pipeline", "Pipeline conversion", UNIT_RATE,
     1, BIT(EV_OPPORTUNITY), k_conversion},
    {"win_rate", "pipeline", "Win rate", UNIT_RATE, 1,
     BIT(EV_WON) | BIT(EV_LOST), k_win_rate},
    {"avg_deal_size", "pipeline", "Average deal size", UNIT_MONEY, 1,
     BIT(EV_WON), k_deal_size},
    {"open_pipeline", "pipeline", "Open pipeline", UNIT_MONEY, 1,
     SEEN_OPP_VALUE, k_open_pipe},
    {"avg_days_to_close", "pipeline", "Average days to close", UNIT_DAYS, -1,
     BIT(EV_WON), k_days_close},
    {"touches", "engagement", "Touches", UNIT_COUNT, 1, BIT(EV_TOUCH),
     k_touches},
    {"touches_per_account", "engagement", "Touches per account", UNIT_NUMBER, 1,
     BIT(EV_TOUCH), k_touches_pa},
    {"untouched_accounts", "engagement", "Accounts not touched", UNIT_COUNT, -1,
     BIT(EV_TOUCH), k_untouched},
    {"qbrs", "engagement", "QBRs held", UNIT_COUNT, 1, BIT(EV_TOUCH), k_qbrs},
    {"nps", "satisfaction", "NPS", UNIT_SCORE, 1, BIT(EV_NPS), k_nps},
    {"nps_responses", "satisfaction", "NPS responses", UNIT_COUNT, 0,
     BIT(EV_NPS), k_nps_n},
    {"csat", "satisfaction", "CSAT", UNIT_SCORE, 1, BIT(EV_CSAT), k_csat},
    {"csat_responses", "satisfaction", "CSAT responses", UNIT_COUNT, 0,
     BIT(EV_CSAT), k_csat_n},
    {"tickets_opened", "support", "Tickets opened", UNIT_COUNT, -1,
     BIT(EV_TICKET), k_tickets},
    {"tickets_open", "support", "Tickets open", UNIT_COUNT, -1, BIT(EV_TICKET),
     k_tickets_open},
    {"ticket_median_days", "support", "Median days to close a ticket",
     UNIT_DAYS, -1, BIT(EV_TICKET_CLOSED), k_ticket_med},
    {"on_time_payment_rate", "finance", "On-time payment rate", UNIT_RATE, 1,
     BIT(EV_INVOICE), k_ontime_pay},
    {"late_payment_rate", "finance", "Late payment rate", UNIT_RATE, -1,
     BIT(EV_INVOICE), k_late_pay},
    {"mean_days_late", "finance", "Mean days late", UNIT_DAYS, -1,
     BIT(EV_PAYMENT), k_days_late},
    {"overdue_amount", "finance", "Overdue amount", UNIT_MONEY, -1,
     BIT(EV_INVOICE), k_overdue},
    {"health_mean", "health", "Mean health", UNIT_SCORE, 1, 0, k_health},
    {"worsened_accounts", "health", "Accounts in a worse band", UNIT_COUNT, -1,
     0, k_worsened},
    {"renewal_rate", "renewals", "Renewal rate", UNIT_RATE, 1,
     BIT(EV_RENEWAL_DUE), k_ren_rate},
    {"renewal_value_rate", "renewals", "Renewal value rate", UNIT_RATE, 1,
     BIT(EV_RENEWAL_DUE), k_ren_val},
    {"time_to_first_value", "onboarding", "Median days to first value",
     UNIT_DAYS, -1, BIT(EV_MILESTONE), k_ttfv},
    {"on_time_delivery_rate", "supplier", "On-time delivery rate", UNIT_RATE, 1,
     BIT(EV_DELIVERY), k_deliv},
    {"sla_compliance", "supplier", "SLA compliance", UNIT_RATE, 1, BIT(EV_SLA),
     k_sla},
    {"escalations", "supplier", "Escalations", UNIT_COUNT, -1,
     BIT(EV_ESCALATION), k_esc},
    {"escalation_median_days", "supplier",
     "Median days to resolve an escalation", UNIT_DAYS, -1,
     BIT(EV_ESCALATION_CLOSED), k_esc_med},
};
#define NDEFS (int)(sizeof(kpi_defs) / sizeof(kpi_defs[0]))
/* The band counts are inserted after this KPI. */
#define BANDS_AFTER "health_mean"

static int
slot_of(int period, int R)
{
	int m = period % R;

	return m < 0 ? m + R : m;
}

/* Unescaped copy of a cell, for display. */
static char *
unescape_dup(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);

	tsv_unescape(s, n, out);
	return out;
}

static int
cmp_label(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Build the groups: 0 is "all"; with --by, one per distinct combination
 * of the columns' values, sorted by label, and "(none)" for accounts
 * outside the table.
 */
static void
make_groups(struct kpi_state *s)
{
	struct strmap *labels = strmap_new();
	size_t nrows = s->t ? table_nrows(s->t) : 0, r, i, n;
	int *cols, b;
	char **sorted;
	long *order;
	char *buf = NULL;
	size_t len, cap = 0;

	s->group_none = 0;
	if (s->opt.nby == 0 || !s->t) {
		s->ngroups = 1;
		s->group_labels = xcalloc(1, sizeof(char *));
		s->group_labels[0] = xstrdup("all");
		s->row_group = xcalloc(nrows + 1, sizeof(int));
		strmap_free(labels);
		return;
	}
	cols = xcalloc(s->opt.nby, sizeof(int));
	for (b = 0; b < s->opt.nby; b++) {
		cols[b] = table_column(s->t, s->opt.by[b]);
		if (cols[b] < 0)
			usage_error(
			    "--by '%s': no such column in the account table",
			    s->opt.by[b]);
	}
	s->row_group = xcalloc(nrows + 1, sizeof(int));
	for (r = 0; r <= nrows; r++) {
		len = 0;
		for (b = 0; b < s->opt.nby; b++) {
			const char *c =
			    r < nrows ? table_cell(s->t, r, cols[b]) : "";
			size_t cl = strlen(c);

			if (cl == 0) {
				c = "(none)";
				cl = 6;
			}
			grow_array((void **)&buf, &cap, len + cl + 4, 1);
			if (b > 0) {
				memcpy(buf + len, " / ", 3);
				len += 3;
			}
			memcpy(buf + len, c, cl);
			len += cl;
		}
		s->row_group[r] = (int)strmap_intern(labels, buf, len, NULL);
	}
	/* row nrows stands for "not in the table" */
	n = strmap_count(labels);
	sorted = xcalloc(n, sizeof(char *));
	for (i = 0; i < n; i++)
		sorted[i] = (char *)strmap_key(labels, i);
	qsort(sorted, n, sizeof(char *), cmp_label);
	order = xcalloc(n, sizeof(long));
	for (i = 0; i < n; i++)
		order[strmap_find(labels, sorted[i], strlen(sorted[i]))] =
		    (long)i + 1;
	s->ngroups = (int)n + 1;
	s->group_labels = xcalloc(n + 1, sizeof(char *));
	s->group_labels[0] = xstrdup("all");
	for (i = 0; i < n; i++)
		s->group_labels[i + 1] = unescape_dup(sorted[i]);
	for (r = 0; r <= nrows; r++)
		s->row_group[r] = (int)order[s->row_group[r]];
	s->group_none = s->row_group[nrows];
	free(sorted);
	free(order);
	free(cols);
	free(buf);
	strmap_free(labels);
}

/* The date in column c (table_column(), may be -1) of row, or INT_MIN. */
static int
table_day(struct kpi_state *s, long row, int c)
{
	int day;
	const char *v;

	if (row < 0 || c < 0)
		return INT_MIN;
	v = table_cell(s->t, row, c);
	if (date_parse_iso(v, strlen(v), &day) != 0)
		return INT_MIN;
	return day;
}

/* Room for n accounts in the per-account arrays (the account table's rows). */
static void
reserve_accounts(struct kpi_state *s, size_t n)
{
	size_t i;

	if (n <= s->acap)
		return;
	if (s->acap == 0) {
		/* the first time: the map, the account records and the
		   pairs' per-account tables are made as large at once,
		   rather than grown (copied) as accounts come */
		strmap_reserve(s->accounts, n);
		pairs_reserve(s->subs, n);
		for (i = 0; i < NIT; i++)
			pairs_reserve(s->items[i], n);
		free(s->acct);
		s->acct = xcalloc_huge_lazy(n, sizeof(*s->acct));
		s->acap = n;
	} else {
		grow_array((void **)&s->acct, &s->acap, n, sizeof(*s->acct));
	}
	free(s->aring);
	s->aring = xcalloc_huge_lazy(s->acap * s->R, sizeof(struct aslot));
}

/* The dense id of the account key (len bytes), added when new. */
static size_t
account_id(struct kpi_state *s, const char *key, size_t len)
{
	int added;
	size_t id = strmap_intern(s->accounts, key, len, &added);
	struct acct *a;
	int k;

	if (!added)
		return id;
	if (s->acap == 0)
		reserve_accounts(s, s->reserve > id ? s->reserve : id + 1);
	if (id >= s->acap) {
		grow_array((void **)&s->acct, &s->acap, id + 1,
		           sizeof(*s->acct));
		s->aring = xreallocarray(s->aring, s->acap,
		                         s->R * sizeof(struct aslot));
	}
	a = &s->acct[id];
	a->row = s->t ? table_find(s->t, key, len, 0) : -1;
	a->start = table_day(s, a->row, s->start_col);
	a->group = a->row >= 0 ? s->row_group[a->row] : s->group_none;
	s->group_used[a->group] = 1;
	a->first_rev = a->first_event = a->first_milestone = INT_MAX;
	a->base_touch = INT_MIN;
	for (k = 0; k < s->R; k++) {
		s->aring[id * s->R + k].tag = INT_MIN;
		s->aring[id * s->R + k].last_touch = INT_MIN;
		s->aring[id * s->R + k].ordered = 0;
	}
	return id;
}

/* The parts of a new state that do not depend on the groups. */
struct kpi_state *
kpi_state_new(const struct kpi_options *opt, struct table *accounts, int share)
{
	struct kpi_state *s = xcalloc(1, sizeof(*s));
	int i;

	s->opt = *opt;
	s->t = accounts;
	s->R = opt->nperiods + 2;
	s->fixed_top =
	    opt->as_of == INT_MIN ? INT_MIN : period_of(opt->as_of, opt->unit);
	s->start_col = accounts ? table_column(accounts, "start") : -1;
	for (i = 0; i < PERIOD_CACHE; i++)
		s->cache_day[i] = INT_MIN;
	s->last_acct = (size_t)-1;
	s->last_len = SIZE_MAX;
	s->max_day = INT_MIN;
	s->accounts = strmap_new();
	s->subs = pairs_new();
	for (i = 0; i < NIT; i++)
		s->items[i] = pairs_new();
	/* most accounts of the table have events: room is made for them
	   at the first event (account_id()), not for a state left unused;
	   an eighth more, as a share is seldom exact (parts cut by bytes,
	   accounts spread by hash) and growing the arrays copies them */
	s->reserve = accounts ? table_nrows(accounts) / share +
	                            table_nrows(accounts) / (8 * (size_t)share)
	                      : 0;
	return s;
}

/* The group rings and marks, once the groups are known. */
void
kpi_state_groups(struct kpi_state *s)
{
	int i;

	s->group_used = xcalloc(s->ngroups, 1);
	s->group_used[0] = 1;
	s->gring = xcalloc((size_t)s->ngroups * s->R, sizeof(struct gslot));
	for (i = 0; i < s->ngroups * s->R; i++)
		s->gring[i].tag = INT_MIN;
}

struct kpi_state *
kpi_new(const struct kpi_options *opt, struct table *accounts)
{
	struct kpi_state *s = kpi_state_new(opt, accounts, 1);

	make_groups(s);
	kpi_state_groups(s);
	return s;
}

struct kpi_state *
kpi_new_like(const struct kpi_state *like, int share)
{
	struct kpi_state *s = kpi_state_new(&like->opt, like->t, share);
	size_t nrows = like->t ? table_nrows(like->t) : 0;
	int g;

	s->ngroups = like->ngroups;
	s->group_none = like->group_none;
	s->group_labels = xcalloc(s->ngroups, sizeof(char *));
	for (g = 0; g < s->ngroups; g++)
		s->group_labels[g] = xstrdup(like->group_labels[g]);
	s->row_group = xcalloc(nrows + 1, sizeof(int));
	memcpy(s->row_group, like->row_group, (nrows + 1) * sizeof(int));
	kpi_state_groups(s);
	return s;
}

/* The group-ring slot for period q, or NULL when q is outside the window. */
static kfix *
group_fields(struct kpi_state *s, int g, int q)
{
	struct gslot *slot = &s->gring[(size_t)g * s->R + slot_of(q, s->R)];

	if (slot->tag == q)
		return slot->f;
	if (slot->tag > q)
		return NULL;
	memset(slot->f, 0, sizeof(slot->f));
	slot->tag = q;
	return slot->f;
}

static struct aslot *
account_slot(struct kpi_state *s, size_t id, int q)
{
	struct aslot *slot = &s->aring[id * s->R + slot_of(q, s->R)];

	if (slot->tag == q)
		return slot;
	if (slot->tag > q)
		return NULL;
	if (slot->last_touch > s->acct[id].base_touch)
		s->acct[id].base_touch = slot->last_touch;
	slot->tag = q;
	slot->last_touch = INT_MIN;
	slot->ordered = 0;
	return slot;
}

static void
fold_mrr(struct sub *sb, int day, double value)
{
	if (day >= sb->base_day) {
		sb->base_day = day;
		sb->base_value = value;
	}
}

/* Make room for subscription id of account acct and clear its ring. */
static void
sub_init(struct kpi_state *s, size_t id, size_t acct)
{
	int k;

	if (s->scap == 0 && s->reserve > id) {
		/* as many as the accounts to begin with (one subscription
		   an account is common), made at once rather than grown */
		s->scap = s->reserve;
		s->sub = xcalloc_huge_lazy(s->scap, sizeof(*s->sub));
		s->sring = xcalloc_huge_lazy(s->scap * s->R, sizeof(struct mslot));
	}
	if (id >= s->scap) {
		grow_array((void **)&s->sub, &s->scap, id + 1, sizeof(*s->sub));
		s->sring = xreallocarray(s->sring, s->scap,
		                         s->R * sizeof(struct mslot));
	}
	s->sub[id].acct = acct;
	s->sub[id].base_day = INT_MIN;
	s->sub[id].base_value = 0;
	for (k = 0; k < s->R; k++)
		s->sring[id * s->R + k].tag = INT_MIN;
}

size_t
kpi_sub_add(struct kpi_state *s, size_t acct)
{
	size_t n = pairs_count(s->subs), id;

	/* the record's number stands in for the ref, unknown here */
	id = pairs_index(s->subs, (uint32_t)acct, (const char *)&n, sizeof(n),
	                 NULL);
	sub_init(s, id, acct);
	return id;
}

struct pair *
kpi_item_add(struct kpi_state *s, int which, size_t acct)
{
	size_t n = pairs_count(s->items[which]);

	return pairs_get(s->items[which], (uint32_t)acct, (const char *)&n,
	                 sizeof(n));
}

size_t
kpi_account_add(struct kpi_state *s, const char *key, size_t len, int *added)
{
	size_t n = strmap_count(s->accounts), id = account_id(s, key, len);

	*added = id == n;
	return id;
}

static void
add_mrr(struct kpi_state *s, size_t acct, const struct event *ev, int q)
{
	size_t id;
	struct mslot *slot;
	struct sub *sb;
	int added;

	id = pairs_index(s->subs, (uint32_t)acct, ev->ref, ev->ref_len, &added);
	if (added)
		sub_init(s, id, acct);
	sb = &s->sub[id];
	slot = &s->sring[id * s->R + slot_of(q, s->R)];
	if (slot->tag > q) {
		fold_mrr(sb, ev->day, ev->value);
		return;
	}
	if (slot->tag < q) {
		if (slot->tag != INT_MIN)
			fold_mrr(sb, slot->day, slot->value);
		slot->tag = q;
		slot->day = INT_MIN;
	}
	if (ev->day >= slot->day) {
		slot->day = ev->day;
		slot->value = ev->value;
	}
}

static int
opp_kind(const char *k, size_t len)
{
	if (len == 3 && memcmp(k, "new", 3) == 0)
		return 1;
	if (len == 6 && memcmp(k, "upsell", 6) == 0)
		return 2;
	if (len == 10 && (memcmp(k, "cross-sell", 10) == 0 ||
	                  memcmp(k, "cross_sell", 10) == 0))
		return 3;
	return 0;
}

/*
 * What pairing takes from an event: also the head of an item-log record,
 * which the ref's bytes follow.
 */
struct item_event {
	uint32_t acct;
	int32_t day;
	double value;    /* when has_value */
	uint8_t type;    /* enum event_type */
	int8_t kind;     /* opp_kind() of the kind column, -1 when empty */
	uint8_t has_value;
	uint16_t ref_len;
}; /* made with memset() first: its padding is written too, as 0 */

/* The kind of item (IT_*) events of type t open, close or pay, or -1. */
static int
item_kind(enum event_type t)
{
	switch (t) {
	case EV_OPPORTUNITY:
	case EV_WON:
	case EV_LOST:
		return IT_OPP;
	case EV_TICKET:
	case EV_TICKET_CLOSED:
		return IT_TICKET;
	case EV_ESCALATION:
	case EV_ESCALATION_CLOSED:
		return IT_ESC;
	case EV_INVOICE:
	case EV_PAYMENT:
		return IT_INVOICE;
	case EV_RENEWAL_DUE:
	case EV_RENEWED:
		return IT_CONTRACT;
	default:
		return -1;
	}
}

/* Whether events of type t open their item (else they close or pay it). */
static int
opens_item(enum event_type t)
{
	return t == EV_OPPORTUNITY || t == EV_TICKET || t == EV_ESCALATION ||
	       t == EV_INVOICE || t == EV_RENEWAL_DUE;
}

static struct pair *
item_of(struct pairs **items, int which, const struct item_event *e,
        const char *ref)
{
	return pairs_get(items[which], e->acct, ref, e->ref_len);
}

/* Opening events keep the earliest date, closing ones the latest. */
static void
item_open(struct pair *it, const struct item_event *e)
{
	if (it->open == INT_MIN || e->day < it->open) {
		it->open = e->day;
		it->open_value = e->has_value ? e->value : NAN;
	}
}

static void
item_close(struct pair *it, const struct item_event *e)
{
	if (it->close == INT_MIN || e->day >= it->close) {
		it->close = e->day;
		it->close_value = e->has_value ? e->value : NAN;
	}
}

/* Payments add up; the close date is the latest payment. */
static void
item_pay(struct pair *it, const struct item_event *e)
{
	if (isnan(it->close_value))
		it->close_value = 0;
	it->close_value += e->value;
	if (e->day > it->close)
		it->close = e->day;
}

/* An opportunity's open, won or lost, into the tables items. */
static void
add_opp(struct kpi_state *s, struct pairs **items, const struct item_event *e,
        const char *ref)
{
	struct pair *it = item_of(items, IT_OPP, e, ref);

	if (e->type == EV_OPPORTUNITY) {
		item_open(it, e);
		if (e->kind >= 0)
			it->kind = (uint8_t)e->kind;
		if (e->has_value)
			s->seen |= SEEN_OPP_VALUE;
	} else {
		item_close(it, e);
		it->close_type = e->type == EV_WON ? 1 : 2;
		if (e->kind >= 0 && !it->kind)
			it->kind = (uint8_t)e->kind;
	}
	if (it->kind)
		s->seen |= SEEN_OPP_KIND;
}

/* A paired event (with a ref) into the tables items. */
static void
add_paired(struct kpi_state *s, struct pairs **items,
           const struct item_event *e, const char *ref)
{
	int which = item_kind((enum event_type)e->type);
	struct pair *it;

	if (which == IT_OPP) {
		add_opp(s, items, e, ref);
		return;
	}
	it = item_of(items, which, e, ref);
	if (e->type == EV_PAYMENT)
		item_pay(it, e);
	else if (opens_item((enum event_type)e->type))
		item_open(it, e);
	else
		item_close(it, e);
}

/*
 * The partition of the item log an item's events go to: the same hash as
 * the pairs table's, its high bits (the table's slots use the low ones).
 */
static uint32_t
log_hash(uint32_t acct, const char *ref, size_t len)
{
	return (uint32_t)(hash_bytes(((uint64_t)acct + 1) * HASH_SEED, ref,
	                             len) >>
	                  24);
}

/*
 * A paired event of account acct: into the items now, or, in an item
 * log, set aside to be paired at the end (pair_logged()).  An event
 * without a ref cannot be paired.
 */
static void
item_event(struct kpi_state *s, size_t acct, const struct event *ev)
{
	struct item_event e;

	if (ev->ref_len == 0 || item_kind(ev->type) < 0)
		return;
	memset(&e, 0, sizeof(e));
	e.acct = (uint32_t)acct;
	e.day = ev->day;
	e.value = ev->value; /* 0 when absent */
	e.type = (uint8_t)ev->type;
	e.kind = -1;
	if (ev->kind_len && (ev->type == EV_OPPORTUNITY ||
	                     ev->type == EV_WON || ev->type == EV_LOST))
		e.kind = (int8_t)opp_kind(ev->kind, ev->kind_len);
	e.has_value = ev->has_value != 0;
	e.ref_len = ev->ref_len > 65535 ? 65535 : (uint16_t)ev->ref_len;
	if (s->opt.items_in_memory) {
		add_paired(s, s->items, &e, ev->ref);
		return;
	}
	if (!s->log)
		s->log = itemlog_new();
	itemlog_add(s->log, log_hash(e.acct, ev->ref, e.ref_len), &e, sizeof(e),
	            ev->ref, e.ref_len);
}

/* Event counts and sums kept per group and period. */
static void
add_flow(kfix *f, const struct event *ev)
{
	switch (ev->type) {
	case EV_ORDER:
		f[F_ORDERS] += ev->has_value ? fix_of(ev->value) : 0;
		break;
	case EV_TOUCH:
		f[F_TOUCHES] += FIX_ONE;
		if (ev->kind_len == 3 && memcmp(ev->kind, "qbr", 3) == 0)
			f[F_QBRS] += FIX_ONE;
		break;
	case EV_NPS:
		f[F_NPS_N] += FIX_ONE;
		f[F_NPS_PRO] += ev->value >= 9 ? FIX_ONE : 0;
		f[F_NPS_DET] += ev->value <= 6 ? FIX_ONE : 0;
		break;
	case EV_CSAT:
		f[F_CSAT_N] += FIX_ONE;
		f[F_CSAT_SUM] += fix_of(ev->value);
		break;
	case EV_TICKET:
		f[F_TICKETS] += FIX_ONE;
		break;
	case EV_DELIVERY:
		f[F_DELIV_N] += FIX_ONE;
		f[F_DELIV_ONTIME] += ev->value <= 0 ? FIX_ONE : 0;
		break;
	case EV_SLA:
		f[F_SLA_N] += FIX_ONE;
		f[F_SLA_MET] += fix_of(ev->value);
		break;
	case EV_ESCALATION:
		f[F_ESCALATIONS] += FIX_ONE;
		break;
	default:
		break;
	}
}

/*
 * Whether ev is for the same account as the event before: compared with
 * the key kept in s, as the map's copy is elsewhere in memory.
 */
static int
same_account(const struct kpi_state *s, const struct event *ev)
{
	return ev->account_len == s->last_len &&
	       memcmp(s->last_key, ev->account, ev->account_len) == 0;
}

/* Keep ev's account (of id) as the last one. */
static void
keep_account(struct kpi_state *s, const struct event *ev, size_t id)
{
	s->last_acct = id;
	if (ev->account_len <= LAST_KEY) {
		memcpy(s->last_key, ev->account, ev->account_len);
		s->last_len = ev->account_len;
	} else {
		s->last_len = SIZE_MAX;
	}
}

/* The period of day, through a small direct-mapped cache of days. */
static int
period_cached(struct kpi_state *s, int day)
{
	unsigned i = (unsigned)day % PERIOD_CACHE;

	if (s->cache_day[i] != day) {
		s->cache_day[i] = day;
		s->cache_period[i] = period_of(day, s->opt.unit);
	}
	return s->cache_period[i];
}

void
kpi_add_event(struct kpi_state *s, const struct event *ev)
{
	int q = period_cached(s, ev->day);
	size_t id;
	struct acct *a;
	struct aslot *as;
	kfix *f;

	if (ev->day > s->max_day)
		s->max_day = ev->day;
	if (s->fixed_top != INT_MIN && ev->day > s->opt.as_of)
		return; /* after the as-of date */
	s->seen |= BIT(ev->type);
	if (same_account(s, ev))
		id = s->last_acct;
	else {
		size_t n = strmap_count(s->accounts);

		id = account_id(s, ev->account, ev->account_len);
		s->returns += id < n; /* an account seen before */
		keep_account(s, ev, id);
	}
	a = &s->acct[id];
	if (ev->day < a->first_event)
		a->first_event = ev->day;
	if (s->opt.types && !(s->opt.types & BIT(ev->type)))
		return; /* no KPI asked for uses it */
	if (ev->type == EV_MRR) {
		if (ev->value > 0 && ev->day < a->first_rev)
			a->first_rev = ev->day;
		add_mrr(s, id, ev, q);
		return;
	}
	if (ev->type == EV_ORDER && ev->day < a->first_rev)
		a->first_rev = ev->day;
	if (ev->type == EV_MILESTONE && ev->day < a->first_milestone)
		a->first_milestone = ev->day;
	if (ev->type == EV_TOUCH || ev->type == EV_ORDER) {
		as = account_slot(s, id, q);
		if (!as) {
			if (ev->type == EV_TOUCH && ev->day > a->base_touch)
				a->base_touch = ev->day;
		} else if (ev->type == EV_TOUCH) {
			if (ev->day > as->last_touch)
				as->last_touch = ev->day;
		} else {
			as->ordered = 1;
		}
	}
	f = group_fields(s, a->group, q);
	if (f)
		add_flow(f, ev);
	item_event(s, id, ev);
}

/* The pairs table an event of type t is kept in, or NULL. */
static const struct pairs *
pairs_for(const struct kpi_state *s, enum event_type t)
{
	int which = item_kind(t);

	if (t == EV_MRR)
		return s->subs;
	/* items in the item log are not looked up while reading */
	return which >= 0 && s->opt.items_in_memory ? s->items[which] : NULL;
}

void
kpi_ahead_begin(struct kpi_state *s, const struct event *ev,
                struct kpi_ahead *a)
{
	a->key_hash = strmap_hash(ev->account, ev->account_len);
	strmap_prefetch(s->accounts, a->key_hash);
	a->pairs = ev->ref_len ? pairs_for(s, ev->type) : NULL;
	a->ref = ev->ref;
	a->ref_len = ev->ref_len;
	a->period = period_cached(s, ev->day);
	a->id = -1;
}

void
kpi_ahead_account(const struct kpi_state *s, struct kpi_ahead *a)
{
	a->id = strmap_guess(s->accounts, a->key_hash);
	if (a->id < 0 || (size_t)a->id >= s->acap) {
		a->id = -1;
		return;
	}
	__builtin_prefetch(&s->acct[a->id]);
	__builtin_prefetch(
	    &s->aring[(size_t)a->id * s->R + slot_of(a->period, s->R)]);
	if (a->pairs)
		pairs_prefetch_account(a->pairs, (uint32_t)a->id);
}

void
kpi_ahead_pair(const struct kpi_state *s, struct kpi_ahead *a)
{
	(void)s;
	if (a->id >= 0 && a->pairs)
		a->ref_hash = pairs_prefetch_slot(a->pairs, (uint32_t)a->id,
		                                  a->ref, a->ref_len);
}

void
kpi_ahead_record(const struct kpi_state *s, const struct kpi_ahead *a)
{
	(void)s;
	if (a->id >= 0 && a->pairs)
		pairs_prefetch_record(a->pairs, (uint32_t)a->id, a->ref_hash);
}

/* ---- finishing ---- */

struct fin {
	struct kpi_state *s;
	int W;     /* computed periods */
	int first; /* absolute period of computed period 0 */
	int as_of;
	kfix *acc;        /* [ngroups][W][NF]: the sums */
	double *f;        /* [ngroups][W][NF]: their values, and medians */
	struct dayhist *med; /* [ngroups][W][NM]: days, for medians */
	size_t nmed;
	int *end;         /* [W] last day counted */
	unsigned char *used; /* [ngroups]: some account is in it */
	unsigned seen;       /* event types met */
};

static double *
fin_f(struct fin *x, int g, int j)
{
	return x->f + ((size_t)g * x->W + j) * NF;
}

/*
 * Add v to field fld of group g; "all" (group 0) gets the sum of the
 * other groups in fin_values(), once, rather than every term twice.
 */
static void
fin_addfix(struct fin *x, int g, int j, int fld, kfix v)
{
	x->acc[((size_t)g * x->W + j) * NF + fld] += v;
}

/* Add v to field fld of group g (see fin_addfix()). */
static void
fin_add(struct fin *x, int g, int j, int fld, double v)
{
	fin_addfix(x, g, j, fld, fix_of(v));
}

/* Add one to field fld of group g (a count: no conversion). */
static void
fin_count(struct fin *x, int g, int j, int fld)
{
	fin_addfix(x, g, j, fld, FIX_ONE);
}

static void
fin_push(struct fin *x, int g, int j, int m, int days)
{
	dayhist_add(&x->med[((size_t)g * x->W + j) * NM + m], days);
	if (g != 0)
		dayhist_add(&x->med[((size_t)j) * NM + m], days);
}

/* The computed period holding day, or -1. */
static int
fin_period(const struct fin *x, int day)
{
	int j;

	if (day == INT_MIN || day == INT_MAX || day > x->as_of)
		return -1;
	j = period_cached(x->s, day) - x->first;
	return j >= 0 && j < x->W ? j : -1;
}

/* MRR of every account at the end of each ring period (k = 0..R-1). */
static double *
account_mrr(struct fin *x)
{
	struct kpi_state *s = x->s;
	size_t nacc = strmap_count(s->accounts), nsub = pairs_count(s->subs);
	double *mrr = xcalloc_huge_lazy(nacc * s->R + 1, sizeof(double));
	int p0 = x->first - 1, k;
	size_t i;

	for (i = 0; i < nsub; i++) {
		struct sub *sb = &s->sub[i];
		double cur;

		/* fold slots older than the window */
		for (k = 0; k < s->R; k++) {
			struct mslot *m = &s->sring[i * s->R + k];

			if (m->tag != INT_MIN && m->tag < p0)
				fold_mrr(sb, m->day, m->value);
		}
		cur = sb->base_value;
		for (k = 0; k < s->R; k++) {
			struct mslot *m =
			    &s->sring[i * s->R + slot_of(p0 + k, s->R)];

			if (m->tag == p0 + k)
				cur = m->value;
			mrr[sb->acct * s->R + k] += cur;
		}
	}
	return mrr;
}

static void
finish_accounts(struct fin *x)
{
	struct kpi_state *s = x->s;
	size_t nacc = strmap_count(s->accounts), i;
	double *mrr = account_mrr(x);
	int j;

	for (i = 0; i < nacc; i++) {
		struct acct *a = &s->acct[i];
		int g = a->group, start = a->start;
		int touch = a->base_touch, k;
		double *m = mrr + i * s->R;

		for (k = 0; k < s->R; k++) {
			struct aslot *as = &s->aring[i * s->R + k];

			if (as->tag != INT_MIN && as->tag < x->first &&
			    as->last_touch > touch)
				touch = as->last_touch;
		}
		for (j = 0; j < x->W; j++) {
			int E = x->end[j], q = x->first + j;
			struct aslot *as =
			    &s->aring[i * s->R + slot_of(q, s->R)];
			int ordered = 0, exists;
			double b = m[j], e = m[j + 1];

			if (as->tag == q) {
				ordered = as->ordered;
				if (as->last_touch > touch)
					touch = as->last_touch;
			}
			exists = start != INT_MIN ? start <= E
			         : a->first_event != INT_MAX
			             ? a->first_event <= E
			             : 1;
			if (exists) {
				fin_count(x, g, j, F_ACCOUNTS);
				if (touch == INT_MIN ||
				    touch <= E - s->opt.untouched_days)
					fin_count(x, g, j, F_UNTOUCHED);
			}
			if (b > 0) {
				fin_count(x, g, j, F_PAYING_START);
				fin_add(x, g, j, F_MRR_START, b);
				if (e <= 0) {
					fin_count(x, g, j, F_CHURNED);
					fin_add(x, g, j, F_CHURN_MRR, b);
				} else if (e > b) {
					fin_add(x, g, j, F_EXPANSION, e - b);
				} else {
					fin_add(x, g, j, F_CONTRACTION, b - e);
				}
			}
			if (e > 0) {
				fin_count(x, g, j, F_PAYING_END);
				fin_add(x, g, j, F_MRR_END, e);
				if (b <= 0)
					fin_add(x, g, j, F_NEW_MRR, e);
			}
			if (e > 0 || ordered)
				fin_count(x, g, j, F_ACTIVE);
		}
		if ((j = fin_period(x, a->first_rev)) >= 0)
			fin_count(x, g, j, F_NEW);
		if ((j = fin_period(x, a->first_milestone)) >= 0) {
			int from = start != INT_MIN ? start : a->first_rev;

			if (from != INT_MAX && from != INT_MIN &&
			    from <= a->first_milestone)
				fin_push(x, g, j, M_TTFV,
				         a->first_milestone - from);
		}
	}
	free(mrr);
}

static void
finish_opps(struct fin *x, struct pairs *it)
{
	size_t n = pairs_count(it), i;
	static const int kind_field[] = {-1, F_NEWBIZ, F_UPSELL, F_CROSSSELL};
	int j;

	for (i = 0; i < n; i++) {
		struct pair *o = pairs_at(it, i);
		int g = x->s->acct[o->acct].group;
		int won = o->close_type == 1 && o->close <= x->as_of;
		double amt =
		    !isnan(o->close_value) ? o->close_value : o->open_value;

		if ((j = fin_period(x, o->close)) >= 0) {
			if (o->close_type == 2)
				fin_count(x, g, j, F_LOST_N);
			if (won) {
				fin_count(x, g, j, F_WON_N);
				if (!isnan(amt)) {
					fin_add(x, g, j, F_WON_AMT, amt);
					fin_count(x, g, j, F_WON_AMT_N);
					if (o->kind)
						fin_add(x, g, j,
						        kind_field[o->kind],
						        amt);
				}
				if (o->open != INT_MIN && o->open <= o->close) {
					fin_add(x, g, j, F_CLOSE_DAYS,
					        o->close - o->open);
					fin_count(x, g, j, F_CLOSE_DAYS_N);
				}
			}
		}
		if ((j = fin_period(x, o->open)) >= 0) {
			fin_count(x, g, j, F_OPENED_N);
			if (won)
				fin_count(x, g, j, F_OPENED_WON);
		}
		if (o->open == INT_MIN || isnan(o->open_value))
			continue;
		for (j = 0; j < x->W; j++)
			if (o->open <= x->end[j] &&
			    (o->close == INT_MIN || o->close > x->end[j]))
				fin_add(x, g, j, F_OPEN_PIPE, o->open_value);
	}
}

/* Tickets (or escalations): open at period end, days to close. */
static void
finish_tickets(struct fin *x, struct pairs *it, int open_field, int m)
{
	size_t n = pairs_count(it), i;
	int j;

	for (i = 0; i < n; i++) {
		struct pair *t = pairs_at(it, i);
		int g = x->s->acct[t->acct].group;

		if (t->open == INT_MIN)
			continue; /* closed without being opened */
		if ((j = fin_period(x, t->close)) >= 0 && t->close >= t->open)
			fin_push(x, g, j, m, t->close - t->open);
		if (open_field < 0)
			continue;
		for (j = 0; j < x->W; j++)
			if (t->open <= x->end[j] &&
			    (t->close == INT_MIN || t->close > x->end[j]))
				fin_count(x, g, j, open_field);
	}
}

static void
finish_invoices(struct fin *x, struct pairs *it)
{
	size_t n = pairs_count(it), i;
	int j;

	for (i = 0; i < n; i++) {
		struct pair *v = pairs_at(it, i);
		int g = x->s->acct[v->acct].group;
		double amount = v->open_value, paid = v->close_value;
		int full = !isnan(paid) && paid >= amount - 0.005;

		if (v->open == INT_MIN || isnan(amount))
			continue; /* a payment without an invoice */
		if ((j = fin_period(x, v->open)) >= 0) {
			fin_count(x, g, j, F_INV_DUE);
			if (full && v->close <= v->open)
				fin_count(x, g, j, F_INV_ONTIME);
			if (full) {
				fin_count(x, g, j, F_INV_PAID);
				fin_add(x, g, j, F_DAYS_LATE,
				        v->close > v->open ? v->close - v->open
				                           : 0);
			}
		}
		for (j = 0; j < x->W; j++) {
			int E = x->end[j];
			double owed;

			if (v->open >= E || (full && v->close <= E))
				continue;
			owed = !isnan(paid) && v->close <= E ? amount - paid
			                                     : amount;
			if (owed > 0)
				fin_add(x, g, j, F_OVERDUE, owed);
		}
	}
}

static void
finish_contracts(struct fin *x, struct pairs *it)
{
	size_t n = pairs_count(it), i;
	int j;

	for (i = 0; i < n; i++) {
		struct pair *c = pairs_at(it, i);
		int g = x->s->acct[c->acct].group;

		if ((j = fin_period(x, c->open)) < 0)
			continue;
		fin_count(x, g, j, F_REN_DUE);
		fin_add(x, g, j, F_REN_DUE_VAL,
		        isnan(c->open_value) ? 0 : c->open_value);
		if (c->close != INT_MIN) {
			fin_count(x, g, j, F_RENEWED);
			fin_add(x, g, j, F_RENEWED_VAL,
			        isnan(c->close_value) ? 0 : c->close_value);
		}
	}
}

/* What the items in the tables items (one per kind) add. */
static void
finish_items(struct fin *x, struct pairs **items)
{
	finish_opps(x, items[IT_OPP]);
	finish_tickets(x, items[IT_TICKET], F_TICKETS_OPEN, M_TICKET);
	finish_tickets(x, items[IT_ESC], -1, M_ESC);
	finish_invoices(x, items[IT_INVOICE]);
	finish_contracts(x, items[IT_CONTRACT]);
}

/*
 * The items of the events set aside in s's item log: a partition at a
 * time (an item's events all went to one), they are paired in tables
 * that are then emptied for the next, so memory holds one partition's
 * items.  The events of a partition come in the order they were added,
 * so an item sees its events in the input's order, as in memory.
 */
static void
pair_logged(struct fin *x, struct kpi_state *s)
{
	struct pairs *items[NIT];
	size_t part, len;
	int i;

	for (i = 0; i < NIT; i++)
		items[i] = pairs_new_flat();
	for (part = 0; part < ITEMLOG_PARTS; part++) {
		const char *p = itemlog_part(s->log, part, &len), *end;
		struct item_event e;

		if (!p)
			continue;
		for (end = p + len; p < end;) {
			memcpy(&e, p, sizeof(e));
			add_paired(s, items, &e, p + sizeof(e));
			p += sizeof(e) + e.ref_len;
		}
		finish_items(x, items);
		for (i = 0; i < NIT; i++)
			pairs_clear(items[i]);
	}
	for (i = 0; i < NIT; i++)
		pairs_free(items[i]);
}

/* Flow fields from the group rings. */
static void
finish_flows(struct fin *x)
{
	struct kpi_state *s = x->s;
	int g, j, fld;

	for (g = 0; g < s->ngroups; g++)
		for (j = 0; j < x->W; j++) {
			int q = x->first + j;
			struct gslot *slot =
			    &s->gring[(size_t)g * s->R + slot_of(q, s->R)];

			if (slot->tag != q)
				continue;
			for (fld = 0; fld < NF; fld++)
				if (slot->f[fld] != 0)
					fin_addfix(x, g, j, fld, slot->f[fld]);
		}
}

static double
cell_number(struct kpi_state *s, size_t row, int col, int *ok)
{
	const char *v = table_cell(s->t, row, col);
	double d;

	*ok = col >= 0 && num_parse(v, strlen(v), &d) == 0;
	return *ok ? d : 0;
}

/* Rank of a band name in --band-order (0 best), -1 when not listed. */
static int
band_rank(const char *order, const char *name)
{
	size_t n = strlen(name);
	int rank = 0;
	const char *p = order;

	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (len == n && memcmp(p, name, n) == 0)
			return rank;
		rank++;
		p = c ? c + 1 : NULL;
	}
	return -1;
}

static int
score_rank(const struct kpi_options *o, double score)
{
	return score > o->band_cut_high ? 0 : score > o->band_cut_low ? 1 : 2;
}

static const struct kpi_options *band_sort_opt;

/* Band names: --band-order first, then by name. */
static int
cmp_band(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = band_rank(band_sort_opt->band_order, x);
	int ry = band_rank(band_sort_opt->band_order, y);

	if (rx != ry)
		return rx < 0 ? 1 : ry < 0 ? -1 : rx - ry;
	return strcmp(x, y);
}

static int
cmp_hist(const void *a, const void *b)
{
	const struct kpi_hist *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* A histogram entry's sort key: by group, then by start day. */
static uint64_t
hist_key(int group, int start)
{
	return (uint64_t)(uint32_t)group << 32 |
	       ((uint32_t)start ^ UINT32_C(0x80000000));
}

/*
 * Sort the n keys in place (a byte at a time from the lowest, skipping
 * bytes that are the same in every key): linear in n, where qsort() of
 * a table's rows cost more than the rest of the table's part.
 */
static void
sort_keys(uint64_t *key, size_t n)
{
	uint64_t *tmp = xcalloc(n + 1, sizeof(*tmp)), *from = key, *to = tmp,
	         *swap;
	size_t count[256], i, sum;
	int shift;

	for (shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[from[i] >> shift & 0xff]++;
		if (n == 0 || count[from[0] >> shift & 0xff] == n)
			continue; /* this byte is the same in every key */
		for (sum = 0, i = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[from[i] >> shift & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != key)
		memcpy(key, from, n * sizeof(*key));
	free(tmp);
}

/* The histogram of the n keys: one entry per (group, start), in order. */
static void
hist_from_keys(struct kpi_tpart *tp, uint64_t *key, size_t n)
{
	size_t i;

	sort_keys(key, n);
	tp->nhist = 0;
	for (i = 0; i < n; i++) {
		struct kpi_hist *h = &tp->hist[tp->nhist];

		if (i > 0 && key[i] == key[i - 1]) {
			h[-1].count++;
			continue;
		}
		h->group = (int)(key[i] >> 32);
		h->start = (int)((uint32_t)key[i] ^ UINT32_C(0x80000000));
		h->count = 1;
		tp->nhist++;
	}
}

/* The health, band and CLV columns of one table row into tp. */
static void
tpart_row(struct kpi_state *s, struct kpi_tpart *tp, size_t r,
          const int *c)
{
	kfix *f = tp->f + (size_t)s->row_group[r] * KT_N;
	int ok, ok2;
	double h = cell_number(s, r, c[0], &ok), v;

	if (ok) {
		f[KT_HEALTH_N] += FIX_ONE;
		f[KT_HEALTH_SUM] += fix_of(h);
	}
	v = cell_number(s, r, c[4], &ok2);
	if (ok2) {
		f[KT_CLV_N] += FIX_ONE;
		f[KT_CLV_SUM] += fix_of(v);
	}
	if (c[2] >= 0 && c[1] >= 0) {
		int now = band_rank(s->opt.band_order, table_cell(s->t, r, c[1]));
		int was = band_rank(s->opt.band_order, table_cell(s->t, r, c[2]));

		if (now >= 0 && was >= 0) {
			f[KT_WORSE_KNOWN] += FIX_ONE;
			f[KT_WORSENED] += now > was ? FIX_ONE : 0;
		}
	} else if (ok && c[3] >= 0) {
		double t = cell_number(s, r, c[3], &ok2);

		if (ok2) {
			f[KT_WORSE_KNOWN] += FIX_ONE;
			f[KT_WORSENED] += score_rank(&s->opt, h) >
			                          score_rank(&s->opt, h - t)
			                      ? FIX_ONE
			                      : 0;
		}
	}
}

/* The band names of the table, ordered, and the accounts in each. */
static void
tpart_bands(struct kpi_state *s, struct kpi_tpart *tp, int cb)
{
	size_t nrows = table_nrows(s->t), r, i;
	struct strmap *names = strmap_new();
	int *pos;

	for (r = 0; r < nrows && cb >= 0; r++)
		if (*table_cell(s->t, r, cb))
			strmap_intern(names, table_cell(s->t, r, cb),
			              strlen(table_cell(s->t, r, cb)), NULL);
	tp->nbands = (int)strmap_count(names);
	tp->bands = xcalloc(tp->nbands + 1, sizeof(char *));
	for (i = 0; i < (size_t)tp->nbands; i++)
		tp->bands[i] = xstrdup(strmap_key(names, i));
	band_sort_opt = &s->opt;
	qsort(tp->bands, tp->nbands, sizeof(char *), cmp_band);
	pos = xcalloc(tp->nbands + 1, sizeof(int));
	for (i = 0; i < (size_t)tp->nbands; i++)
		pos[strmap_find(names, tp->bands[i], strlen(tp->bands[i]))] =
		    (int)i;
	tp->count = xcalloc((size_t)tp->ngroups * tp->nbands + 1,
	                    sizeof(long));
	for (r = 0; r < nrows && tp->nbands; r++) {
		const char *b = table_cell(s->t, r, cb);

		if (*b)
			tp->count[(size_t)s->row_group[r] * tp->nbands +
			          pos[strmap_find(names, b, strlen(b))]]++;
	}
	free(pos);
	strmap_free(names);
}

struct kpi_tpart *
kpi_tpart_new(int ngroups)
{
	struct kpi_tpart *tp = xcalloc(1, sizeof(*tp));

	tp->ngroups = ngroups;
	tp->f = xcalloc((size_t)ngroups * KT_N, sizeof(kfix));
	tp->count = xcalloc(1, sizeof(long));
	tp->bands = xcalloc(1, sizeof(char *));
	return tp;
}

/* What the account table of s adds to the report (none without one). */
struct kpi_tpart *
kpi_tpart_build(struct kpi_state *s)
{
	struct kpi_tpart *tp = kpi_tpart_new(s->ngroups);
	size_t nrows = s->t ? table_nrows(s->t) : 0, r;
	uint64_t *key;
	int c[5];

	if (!s->t)
		return tp;
	c[0] = table_column(s->t, "health");
	c[1] = table_column(s->t, "band");
	c[2] = table_column(s->t, "band_prev");
	c[3] = table_column(s->t, "trend");
	c[4] = table_column(s->t, "clv");
	tp->hist = xcalloc(nrows + 1, sizeof(*tp->hist));
	key = xcalloc(nrows + 1, sizeof(*key));
	for (r = 0; r < nrows; r++) {
		tpart_row(s, tp, r, c);
		key[r] = hist_key(s->row_group[r],
		                  table_day(s, (long)r, s->start_col));
	}
	hist_from_keys(tp, key, nrows);
	free(key);
	free(tp->bands);
	free(tp->count);
	tpart_bands(s, tp, c[1]);
	return tp;
}

void
kpi_tpart_free(struct kpi_tpart *tp)
{
	int i;

	if (!tp)
		return;
	for (i = 0; i < tp->nbands; i++)
		free(tp->bands[i]);
	free(tp->bands);
	free(tp->count);
	free(tp->hist);
	free(tp->f);
	free(tp);
}

/* The histogram entry of (group, start), or NULL. */
static struct kpi_hist *
hist_find(const struct kpi_tpart *tp, int group, int start)
{
	struct kpi_hist key = {group, start, 0};

	return bsearch(&key, tp->hist, tp->nhist, sizeof(key), cmp_hist);
}

/*
 * The table's part: health, band moves and CLV (current period), and
 * the accounts of the table that have no events (they exist from their
 * start; they are never touched).
 */
static void
finish_tpart(struct fin *x, const struct kpi_tpart *tp,
             struct kpi_state **states, int n)
{
	static const int field[KT_N] = {F_HEALTH_N, F_HEALTH_SUM, F_CLV_N,
	                                F_CLV_SUM,  F_WORSE_KNOWN, F_WORSENED};
	long *left = xcalloc(tp->nhist + 1, sizeof(long));
	size_t i, a;
	int g, k, j;

	for (g = 0; g < tp->ngroups; g++)
		for (k = 0; k < KT_N; k++)
			if (tp->f[(size_t)g * KT_N + k])
				fin_addfix(x, g, x->W - 1, field[k],
				           tp->f[(size_t)g * KT_N + k]);
	for (i = 0; i < tp->nhist; i++)
		left[i] = tp->hist[i].count;
	for (k = 0; k < n; k++) {
		struct kpi_state *s = states[k];

		for (a = 0; a < strmap_count(s->accounts); a++) {
			struct kpi_hist *h;

			if (s->acct[a].row < 0)
				continue;
			h = hist_find(tp, s->acct[a].group, s->acct[a].start);
			if (!h || --left[h - tp->hist] < 0)
				die(EXIT_DATA, "account '%s' is counted twice "
				               "(shards must hold whole accounts)",
				    strmap_key(s->accounts, a));
		}
	}
	for (i = 0; i < tp->nhist; i++) {
		const struct kpi_hist *h = &tp->hist[i];

		x->used[h->group] = 1;
		for (j = 0; j < x->W && left[i]; j++)
			if (h->start == INT_MIN || h->start <= x->end[j]) {
				fin_add(x, h->group, j, F_ACCOUNTS, left[i]);
				fin_add(x, h->group, j, F_UNTOUCHED, left[i]);
			}
	}
	free(left);
}

static void
finish_medians(struct fin *x)
{
	static const int field[NM] = {F_TICKET_MEDIAN, F_TTFV_MEDIAN,
	                              F_ESC_MEDIAN};
	size_t i, n = (size_t)x->s->ngroups * x->W;
	int m;

	for (i = 0; i < n; i++)
		for (m = 0; m < NM; m++) {
			struct dayhist *d = &x->med[i * NM + m];

			x->f[i * NF + field[m]] = dayhist_median(d);
		}
}

/* "Band green" for the band "green" (unescaped). */
static char *
band_title(const char *name)
{
	char *u = unescape_dup(name), *t = xmalloc(strlen(u) + 6);

	(void)snprintf(t, strlen(u) + 6, "Band %s", u); /* fits */
	free(u);
	return t;
}

/* The report's columns: the table, with one count per band. */
static void
make_cols(struct report *r, const struct kpi_tpart *tp, int *def_of)
{
	int i, b, n = 0;

	r->cols = xcalloc(NDEFS + tp->nbands, sizeof(struct kpi_col));
	for (i = 0; i < NDEFS; i++) {
		const struct kpi_def *d = &kpi_defs[i];

		r->cols[n] = (struct kpi_col){d->name, d->family, d->title,
		                              d->unit, d->better};
		def_of[n++] = i;
		if (strcmp(d->name, BANDS_AFTER) != 0)
			continue;
		r->band_first = n;
		r->nbands = tp->nbands;
		for (b = 0; b < tp->nbands; b++) {
			char *nm = xmalloc(strlen(tp->bands[b]) + 6);
			char *title = band_title(tp->bands[b]);

			(void)snprintf(nm, strlen(tp->bands[b]) + 6, "band_%s",
			               tp->bands[b]); /* fits */
			r->cols[n] = (struct kpi_col){nm, "health", title,
			                              UNIT_COUNT, 0};
			def_of[n++] = -1 - b;
		}
	}
	r->ncols = n;
}

/* Accounts in band b for group g (0: all). */
static double
band_count(const struct kpi_tpart *tp, int g, int b)
{
	long n = 0;
	int h;

	if (g != 0)
		return (double)tp->count[(size_t)g * tp->nbands + b];
	for (h = 0; h < tp->ngroups; h++)
		n += tp->count[(size_t)h * tp->nbands + b];
	return (double)n;
}

/* The window of periods, and the fields every group starts with. */
static void
fin_init(struct fin *x, const struct kpi_state *s, int latest_day)
{
	int j;

	x->W = s->opt.nperiods + 1;
	x->as_of = s->opt.as_of != INT_MIN ? s->opt.as_of
	           : latest_day != INT_MIN ? latest_day
	                                   : 0;
	x->first = period_of(x->as_of, s->opt.unit) - x->W + 1;
	x->acc = xcalloc((size_t)s->ngroups * x->W * NF, sizeof(kfix));
	x->f = xcalloc((size_t)s->ngroups * x->W * NF, sizeof(double));
	x->nmed = (size_t)s->ngroups * x->W * NM;
	x->med = xcalloc(x->nmed, sizeof(struct dayhist));
	x->end = xcalloc(x->W, sizeof(int));
	x->used = xcalloc(s->ngroups, 1);
	for (j = 0; j < x->W; j++) {
		int last = period_last_day(x->first + j, s->opt.unit);

		x->end[j] = last < x->as_of ? last : x->as_of;
	}
}

/* The sums as values, the months of each period, the medians. */
static void
fin_values(struct fin *x, const struct kpi_state *s)
{
	size_t i, n = (size_t)s->ngroups * x->W * NF, per = (size_t)x->W * NF;
	int g, j;

	for (g = 1; g < s->ngroups; g++)
		for (i = 0; i < per; i++)
			x->acc[i] += x->acc[g * per + i];
	for (i = 0; i < n; i++)
		x->f[i] = fix_value(x->acc[i]);
	for (j = 0; j < x->W; j++) {
		int y0, m0, d0, y1, m1, d1;

		date_to_ymd(period_first_day(x->first + j, s->opt.unit), &y0,
		            &m0, &d0);
		date_to_ymd(period_last_day(x->first + j, s->opt.unit), &y1,
		            &m1, &d1);
		for (g = 0; g < s->ngroups; g++)
			fin_f(x, g, j)[F_MONTHS] =
			    (y1 - y0) * 12 + (m1 - m0) + 1;
	}
	finish_medians(x);
}

/* Everything one state adds. */
static void
finish_state(struct fin *x, struct kpi_state *s)
{
	int g;

	x->s = s;
	finish_accounts(x);
	finish_flows(x);
	finish_items(x, s->items);
	if (s->log)
		pair_logged(x, s);
	for (g = 0; g < s->ngroups; g++)
		x->used[g] |= s->group_used[g];
	x->seen |= s->seen;
}

/* Free a state (its group labels too, unless they were handed on). */
void
kpi_state_free(struct kpi_state *s)
{
	int i;

	if (s->group_labels)
		for (i = 0; i < s->ngroups; i++)
			free(s->group_labels[i]);
	free(s->group_labels);
	free(s->group_used);
	strmap_free(s->accounts);
	pairs_free(s->subs);
	for (i = 0; i < NIT; i++)
		pairs_free(s->items[i]);
	itemlog_free(s->log);
	free(s->acct);
	free(s->aring);
	free(s->sub);
	free(s->sring);
	free(s->gring);
	free(s->row_group);
	free(s);
}

/* The report from the finished fields. */
static struct report *
make_report(struct fin *x, struct kpi_state *s, const struct kpi_tpart *tp)
{
	struct report *r = xcalloc(1, sizeof(*r));
	int *def_of, *keep, g, j, k, i;

	r->unit = s->opt.unit;
	r->as_of = x->as_of;
	r->nperiods = s->opt.nperiods;
	r->period_labels = xcalloc(x->W, PERIOD_BUFSIZE);
	for (j = 0; j < r->nperiods; j++)
		period_label(x->first + 1 + j, r->unit, r->period_labels[j]);
	/* groups no account fell into (an unused "(none)") are dropped */
	keep = xcalloc(s->ngroups, sizeof(int));
	r->group_labels = xcalloc(s->ngroups, sizeof(char *));
	for (g = 0; g < s->ngroups; g++) {
		if (x->used[g] || g == 0) {
			keep[r->ngroups] = g;
			r->group_labels[r->ngroups++] = s->group_labels[g];
		} else {
			free(s->group_labels[g]);
		}
	}
	free(s->group_labels);
	s->group_labels = NULL;
	def_of = xcalloc(NDEFS + tp->nbands + 1, sizeof(int));
	make_cols(r, tp, def_of);
	r->values =
	    xcalloc((size_t)r->ngroups * x->W * r->ncols, sizeof(double));
	for (i = 0; i < r->ngroups; i++)
		for (j = 0; j < x->W; j++)
			for (k = 0; k < r->ncols; k++) {
				double v = NAN, *f;
				int d = def_of[k];

				g = keep[i];
				f = fin_f(x, g, j);
				if (d >= 0) {
					const struct kpi_def *def =
					    &kpi_defs[d];

					if (!def->needs ||
					    (def->needs & x->seen))
						v = def->fn(
						    f, j ? fin_f(x, g, j - 1)
						         : NULL);
				} else if (j == x->W - 1) {
					v = band_count(tp, g, -1 - d);
				}
				if (!isfinite(v))
					v = NAN;
				r->values[((size_t)i * x->W + j) * r->ncols +
				          k] = v;
			}
	r->nshow = r->ncols;
	r->show = xcalloc(r->ncols, sizeof(int));
	for (k = 0; k < r->ncols; k++)
		r->show[k] = k;
	r->missed = xcalloc((size_t)r->ngroups * r->ncols + 1, 1);
	free(def_of);
	free(keep);
	return r;
}

/* Free what fin_init() made. */
static void
fin_free(struct fin *x)
{
	size_t i;

	for (i = 0; i < x->nmed; i++)
		dayhist_free(&x->med[i]);
	free(x->acc);
	free(x->f);
	free(x->med);
	free(x->end);
	free(x->used);
}

void
kpi_prepare(struct kpi_state *s, int latest_day)
{
	s->fin = xcalloc(1, sizeof(*s->fin));
	fin_init(s->fin, s, latest_day);
	finish_state(s->fin, s);
}

/* Add what state s added to its own fields to x's. */
static void
fin_merge(struct fin *x, struct kpi_state *s)
{
	struct fin *y = s->fin;
	size_t i, n = (size_t)s->ngroups * x->W;
	int g;

	for (i = 0; i < n * NF; i++)
		x->acc[i] += y->acc[i];
	for (i = 0; i < n * NM; i++)
		dayhist_merge(&x->med[i], &y->med[i]);
	for (g = 0; g < s->ngroups; g++)
		x->used[g] |= y->used[g];
	x->seen |= y->seen;
}

struct report *
kpi_finish_parts(struct kpi_state **states, int n, int latest_day,
                 struct kpi_tpart *tp)
{
	struct fin x;
	struct report *r;
	int i;

	memset(&x, 0, sizeof(x));
	fin_init(&x, states[0], latest_day);
	x.s = states[0];
	for (i = 0; i < n; i++) {
		struct kpi_state *s = states[i];

		if (s->fin && s->fin->as_of != x.as_of) {
			fin_free(s->fin);
			free(s->fin);
			s->fin = NULL;
		}
		if (!s->fin && n == 1) {
			finish_state(&x, s);
			continue;
		}
		if (!s->fin)
			kpi_prepare(s, latest_day);
		fin_merge(&x, s);
		fin_free(s->fin);
		free(s->fin);
		s->fin = NULL;
	}
	x.s = states[0];
	if (!tp)
		tp = kpi_tpart_build(states[0]);
	finish_tpart(&x, tp, states, n);
	fin_values(&x, states[0]);
	r = make_report(&x, states[0], tp);
	kpi_tpart_free(tp);
	fin_free(&x);
	for (i = 0; i < n; i++)
		kpi_state_free(states[i]);
	return r;
}

struct report *
kpi_finish_many(struct kpi_state **states, int n, int latest_day)
{
	return kpi_finish_parts(states, n, latest_day, NULL);
}

struct report *
kpi_finish(struct kpi_state *s, int latest_day)
{
	return kpi_finish_parts(&s, 1, latest_day, NULL);
}

/* The event types a KPI that needs the types in needs is computed from. */
static unsigned
type_closure(unsigned needs)
{
	static const unsigned pairs[] = {
	    BIT(EV_TICKET) | BIT(EV_TICKET_CLOSED),
	    BIT(EV_INVOICE) | BIT(EV_PAYMENT),
	    BIT(EV_OPPORTUNITY) | BIT(EV_WON) | BIT(EV_LOST) | SEEN_OPP_KIND |
	        SEEN_OPP_VALUE,
	    BIT(EV_RENEWAL_DUE) | BIT(EV_RENEWED),
	    BIT(EV_ESCALATION) | BIT(EV_ESCALATION_CLOSED),
	};
	unsigned uses = needs;
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (needs & pairs[i])
			uses |= pairs[i];
	if (needs & BIT(EV_MILESTONE)) /* start from the first revenue */
		uses |= BIT(EV_MRR) | BIT(EV_ORDER);
	return uses;
}

unsigned
kpi_types(const char *list)
{
	char *copy, *p, *tok;
	unsigned types = 0;
	int i, found;

	if (!list || !*list)
		return 0;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &p); tok;
	     tok = strtok_r(NULL, ",", &p)) {
		found = strncmp(tok, "band_", 5) == 0;
		for (i = 0; i < NDEFS; i++)
			if (strcmp(kpi_defs[i].name, tok) == 0 ||
			    strcmp(kpi_defs[i].family, tok) == 0) {
				types |= type_closure(kpi_defs[i].needs);
				found = 1;
			}
		if (!found) {
			types = 0; /* kpi_select() will say what is wrong */
			break;
		}
	}
	free(copy);
	return types ? types : BIT(EV_NTYPES); /* none: only "accounts" */
}

double
kpi_value(const struct report *r, int g, int p, int k)
{
	return r
	    ->values[((size_t)g * (r->nperiods + 1) + p + 1) * r->ncols + k];
}

double
kpi_prev(const struct report *r, int g, int p, int k)
{
	return r->values[((size_t)g * (r->nperiods + 1) + p) * r->ncols + k];
}

int
kpi_find(const struct report *r, const char *name)
{
	int k;

	for (k = 0; k < r->ncols; k++)
		if (strcmp(r->cols[k].name, name) == 0)
			return k;
	return -1;
}

void
kpi_select(struct report *r, const char *list)
{
	char *copy, *p, *tok;
	int k, n = 0, found;

	if (!list || !*list)
		return;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &p); tok;
	     tok = strtok_r(NULL, ",", &p)) {
		found = 0;
		for (k = 0; k < r->ncols; k++) {
			if (strcmp(r->cols[k].name, tok) != 0 &&
			    strcmp(r->cols[k].family, tok) != 0)
				continue;
			found = 1;
			if (n < r->ncols)
				r->show[n++] = k;
		}
		if (!found)
			usage_error("--kpi: unknown KPI or family '%s'", tok);
	}
	free(copy);
	r->nshow = n;
}

int
kpi_missed(const struct report *r, int g, int k)
{
	return r->missed[(size_t)g * r->ncols + k];
}

const struct target *
kpi_target(const struct report *r, int k)
{
	int i;

	for (i = 0; i < r->ntargets; i++)
		if (r->targets[i].kpi == k)
			return &r->targets[i];
	return NULL;
}

void
kpi_list(FILE *f)
{
	static const char *const units[] = {"count", "money", "rate",
	                                    "days",  "score", "number"};
	int i;

	fputs("kpi\tfamily\tunit\ttitle\n", f);
	for (i = 0; i < NDEFS; i++) {
		fprintf(f, "%s\t%s\t%s\t%s\n", kpi_defs[i].name,
		        kpi_defs[i].family, units[kpi_defs[i].unit],
		        kpi_defs[i].title);
		if (strcmp(kpi_defs[i].name, BANDS_AFTER) == 0)
			fputs(
			    "band_NAME\thealth\tcount\tAccounts in band NAME\n",
			    f);
	}
}

void
report_free(struct report *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < r->ngroups; i++)
		free(r->group_labels[i]);
	free(r->group_labels);
	for (i = 0; i < r->nbands; i++) {
		free((char *)r->cols[r->band_first + i].name);
		free((char *)r->cols[r->band_first + i].title);
	}
	free(r->cols);
	free(r->show);
	free(r->values);
	free(r->targets);
	free(r->missed);
	free(r->period_labels);
	free(r);
}

unsigned long long
kpi_account_returns(const struct kpi_state *s)
{
	return s->returns;
}

int
kpi_accounts_overlap(struct kpi_state *const *states, int n)
{
	size_t i, len;
	int j, k;

	for (k = 1; k < n; k++)
		for (i = 0; i < strmap_count(states[k]->accounts); i++) {
			const char *key = strmap_key(states[k]->accounts, i);

			len = strmap_key_len(states[k]->accounts, i);
			for (j = 0; j < k; j++)
				if (strmap_find(states[j]->accounts, key, len) >=
				    0)
					return 1;
		}
	return 0;
}

void
kpi_free(struct kpi_state *s)
{
	kpi_state_free(s);
}

int
kpi_max_day(const struct kpi_state *s)
{
	return s->max_day;
}
