/*
 * health.c - account health scores: options, component
 * formulas, weights, bands, trend and driver (see health.h and the
 * FORMULAS section of man/rm-health.1, which this file follows).
 */
#include <assert.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "health_impl.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

static const char *const client_names[] = {"usage", "support", "payments",
                                           "sentiment", "engagement"};
static const double client_weights[] = {30, 20, 20, 15, 15};
static const char *const supplier_names[] = {"delivery", "sla", "escalations"};
static const double supplier_weights[] = {40, 40, 20};

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
	if (m->profile == HEALTH_CLIENT) {
		assert(i >= 0 && i < (int)(sizeof(client_names) /
		                           sizeof(client_names[0])));
		return client_names[i];
	}
	assert(i >= 0 &&
	       i < (int)(sizeof(supplier_names) / sizeof(supplier_names[0])));
	return supplier_names[i];
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

/* The end of the comma-separated item starting at p: its ',' or NUL. */
static const char *
item_end(const char *p)
{
	const char *comma = strchr(p, ',');

	return comma ? comma : p + strlen(p);
}

int
health_set_weights(struct health_model *m, const char *spec, char *err,
                   size_t errsize)
{
	const char *p = spec, *end, *eq;
	double w, total = 0;
	int c, i;

	while (*p) {
		end = item_end(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq) {
			(void)snprintf(err, errsize,
			               "'%.*s' is not NAME=WEIGHT",
			               (int)(end - p), p);
			return -1;
		}
		c = component_index(m, p, (size_t)(eq - p));
		if (c < 0) {
			(void)snprintf(err, errsize,
			               "no component '%.*s' in the %s profile",
			               (int)(eq - p), p,
			               m->profile == HEALTH_CLIENT
			                   ? "client"
			                   : "supplier");
			return -1;
		}
		if (num_parse(eq + 1, (size_t)(end - eq - 1), &w) != 0 ||
		    w < 0 || !isfinite(w)) {
			(void)snprintf(
			    err, errsize,
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
		(void)snprintf(err, errsize, "the weights are all 0");
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
		end = item_end(p);
		if (n == HEALTH_MAXBANDS) {
			(void)snprintf(err, errsize, "more than %d thresholds",
			               HEALTH_MAXBANDS);
			return -1;
		}
		if (num_parse(p, (size_t)(end - p), &v) != 0 || v < 0 ||
		    v > 100 || (n > 0 && v >= m->band[n - 1])) {
			(void)snprintf(
			    err, errsize,
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
		end = item_end(p);
		if (n > HEALTH_MAXBANDS || end == p ||
		    memchr(p, '\t', (size_t)(end - p))) {
			(void)snprintf(err, errsize,
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
		(void)snprintf(
		    err, errsize,
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

void
health_score_parts(const struct health_run *r, size_t id, int which,
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
	health_acc_view(&r->st[id], which, &a);
	components(r->m, &a, e, p, out->has, out->comp);
	combine(r->m, out);
}

void
health_score(const struct health_run *r, size_t id, int which,
             struct health_score *out)
{
	struct parts p;

	health_score_parts(r, id, which, out, &p);
}

/* ---- output ---- */

/*
 * An account to sort: its key's first 8 bytes as a big-endian number
 * (zero-padded), which orders most keys without looking at them.
 */
struct sort_item {
	uint64_t prefix;
	size_t id;
};

static const struct strmap *sort_map;

static int
by_key(const void *x, const void *y)
{
	const struct sort_item *a = x, *b = y;
	size_t la, lb;
	int c;

	if (a->prefix != b->prefix)
		return a->prefix < b->prefix ? -1 : 1;
	la = strmap_key_len(sort_map, a->id);
	lb = strmap_key_len(sort_map, b->id);
	c = memcmp(strmap_key(sort_map, a->id), strmap_key(sort_map, b->id),
	           la < lb ? la : lb);
	return c ? c : (la > lb) - (la < lb);
}

/* Ids of the accounts sorted by key (bytewise). */
static size_t *
sorted_ids(const struct health_run *r)
{
	size_t n = strmap_count(r->ids), i, j, len;
	struct sort_item *it = xreallocarray(NULL, n ? n : 1, sizeof(*it));
	size_t *ids = (size_t *)it;
	const char *key;

	for (i = 0; i < n; i++) {
		key = strmap_key(r->ids, i);
		len = strmap_key_len(r->ids, i);
		it[i].id = i;
		it[i].prefix = 0;
		for (j = 0; j < 8; j++)
			it[i].prefix = it[i].prefix << 8 |
			               (j < len ? (unsigned char)key[j] : 0);
	}
	sort_map = r->ids;
	qsort(it, n, sizeof(*it), by_key);
	/* the ids in place: ids[i] lies in it[i / 2], already read */
	for (i = 0; i < n; i++)
		ids[i] = it[i].id;
	return ids;
}

static void
put_fixed(FILE *f, int has, double v, int decimals)
{
	if (has)
		tsv_put_fixed(f, v, decimals);
}

/*
 * Write the added columns of one account (id < 0: not in the events);
 * the caller holds f's lock (flockfile()).
 */
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
	putc_unlocked('\t', f);
	if (now.has_score)
		tsv_put_str(f, health_band(m, now.score));
	putc_unlocked('\t', f);
	put_fixed(f, now.has_score && before.has_score,
	          now.score - before.score, 1);
	putc_unlocked('\t', f);
	if (now.driver >= 0)
		fputs(health_component_name(m, now.driver), f);
	putc_unlocked('\t', f);
	tsv_put_fixed(f, now.coverage, NUM_RATE_DECIMALS);
	for (i = 0; i < m->ncomp; i++) {
		putc_unlocked('\t', f);
		put_fixed(f, now.has[i], now.comp[i], 1);
	}
	putc_unlocked('\n', f);
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

/*
 * The rows of the result: with a table t, its rows (the columns keep[]
 * of ncols, then the scores), else one row per id of ids (sorted).
 */
struct rows {
	const struct health_run *r;
	const size_t *ids;
	const struct table *t;
	const int *keep;
	size_t ncols;
	int keycol;
};

/*
 * Write rows from .. to - 1 of w to f, holding f's lock throughout (the
 * many small writes of a row then skip taking it each time).
 */
static void
write_rows(FILE *f, const struct rows *w, size_t from, size_t to)
{
	size_t row, c, id;

	flockfile(f);
	for (row = from; row < to; row++) {
		const char *key;

		if (!w->t) {
			id = w->ids[row];
			(void)fwrite(strmap_key(w->r->ids, id), 1,
			             strmap_key_len(w->r->ids, id), f);
			putc_unlocked('\t', f);
			write_scores(f, w->r, (long)id);
			continue;
		}
		key = table_cell(w->t, row, w->keycol);
		for (c = 0; c < w->ncols; c++)
			if (w->keep[c]) {
				fputs(table_cell(w->t, row, (int)c), f);
				putc_unlocked('\t', f);
			}
		write_scores(f, w->r, strmap_find(w->r->ids, key, strlen(key)));
	}
	funlockfile(f);
}

/*
 * Formatting the rows (the scores above all) costs more than writing
 * them, so a second thread formats every other block of SPLIT_ROWS rows
 * into memory (two blocks at most wait there) while this one formats the
 * others straight into the output, and writes the second thread's blocks
 * in their place: the same bytes in the same order.
 */
#define SPLIT_ROWS 4096

struct split {
	const struct rows *w;
	size_t n; /* rows */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char *buf[2];
	size_t len[2];
	int ready[2]; /* buf[k] holds a formatted block */
};

/* The end of the block of rows that starts at from, of n. */
static size_t
block_end(size_t from, size_t n)
{
	return n - from < SPLIT_ROWS ? n : from + SPLIT_ROWS;
}

/* The second thread: the odd blocks, into buf[(block / 2) % 2]. */
static void *
write_odd_blocks(void *arg)
{
	struct split *sp = arg;
	size_t b, from;
	int k;
	FILE *m;

	for (b = 1; (from = b * SPLIT_ROWS) < sp->n; b += 2) {
		k = (int)(b / 2 % 2);
		pthread_mutex_lock(&sp->lock);
		while (sp->ready[k])
			pthread_cond_wait(&sp->cond, &sp->lock);
		pthread_mutex_unlock(&sp->lock);
		m = open_memstream(&sp->buf[k], &sp->len[k]);
		if (!m)
			die(EXIT_SYSTEM, "out of memory");
		write_rows(m, sp->w, from, block_end(from, sp->n));
		if (fclose(m) != 0)
			die(EXIT_SYSTEM, "out of memory");
		pthread_mutex_lock(&sp->lock);
		sp->ready[k] = 1;
		pthread_cond_broadcast(&sp->cond);
		pthread_mutex_unlock(&sp->lock);
	}
	return NULL;
}

/* Write the n rows of w to f, on two threads when there are many. */
static void
write_all_rows(FILE *f, const struct rows *w, size_t n)
{
	struct split sp;
	pthread_t t;
	size_t b, from;
	int k;

	memset(&sp, 0, sizeof(sp));
	sp.w = w;
	sp.n = n;
	pthread_mutex_init(&sp.lock, NULL);
	pthread_cond_init(&sp.cond, NULL);
	if (n <= SPLIT_ROWS ||
	    pthread_create(&t, NULL, write_odd_blocks, &sp) != 0) {
		write_rows(f, w, 0, n);
		n = 0;
	}
	for (b = 0; (from = b * SPLIT_ROWS) < n; b++) {
		if (b % 2 == 0) {
			write_rows(f, w, from, block_end(from, n));
			continue;
		}
		k = (int)(b / 2 % 2);
		pthread_mutex_lock(&sp.lock);
		while (!sp.ready[k])
			pthread_cond_wait(&sp.cond, &sp.lock);
		pthread_mutex_unlock(&sp.lock);
		(void)fwrite(sp.buf[k], 1, sp.len[k], f); /* checked at close */
		free(sp.buf[k]);
		sp.buf[k] = NULL;
		pthread_mutex_lock(&sp.lock);
		sp.ready[k] = 0;
		pthread_cond_broadcast(&sp.cond);
		pthread_mutex_unlock(&sp.lock);
	}
	if (n > 0)
		pthread_join(t, NULL);
	pthread_mutex_destroy(&sp.lock);
	pthread_cond_destroy(&sp.cond);
}

void
health_write(FILE *f, struct health_run *r, struct table *t)
{
	size_t *ids = sorted_ids(r), n = strmap_count(r->ids), i;
	struct rows w;
	size_t c;
	int *keep;

	memset(&w, 0, sizeof(w));
	w.r = r;
	if (!t) {
		fputs("account\t", f);
		write_header_tail(f, r->m);
		w.ids = ids;
		write_all_rows(f, &w, n);
		free(ids);
		return;
	}
	for (i = 0; i < n; i++) /* new accounts after the table's, sorted */
		table_find(t, strmap_key(r->ids, ids[i]),
		           strmap_key_len(r->ids, ids[i]), 1);
	free(ids);
	/* Columns this program writes are replaced, not repeated. */
	w.ncols = table_ncols(t);
	keep = xreallocarray(NULL, w.ncols ? w.ncols : 1, sizeof(*keep));
	for (c = 0; c < w.ncols; c++) {
		keep[c] = !is_added_column(r->m, table_colname(t, c));
		if (keep[c]) {
			fputs(table_colname(t, c), f);
			putc('\t', f);
		}
	}
	write_header_tail(f, r->m);
	w.t = t;
	w.keep = keep;
	w.keycol = table_column(t, "account");
	write_all_rows(f, &w, table_nrows(t));
	free(keep);
}
