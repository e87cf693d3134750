/*
 * health_explain.c - --explain: the events of one account, the inputs of
 * every formula and the arithmetic behind every number, as text.
 */
#include <limits.h>
#include <stdlib.h>

#include "date.h"
#include "health_impl.h"
#include "num.h"

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

	health_acc_view(&r->st[r->watch], which, a);
	health_score_parts(r, (size_t)r->watch, which, sc, &p);
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
