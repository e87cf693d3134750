/*
 * clv_model.c - fit, parameter file and scoring (see clv_model.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "clv_model.h"
#include "error.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

static const char *const kind_names[] = {"bgnbd", "pareto"};
static const char *const purchase_names[2][4] = {{"r", "alpha", "a", "b"},
                                                 {"r", "alpha", "s", "beta"}};
static const char *const spend_names[3] = {"p", "q", "gamma"};

int
clv_kind_parse(const char *name, enum clv_kind *kind)
{
	int i;

	for (i = 0; i < 2; i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*kind = (enum clv_kind)i;
			return 0;
		}
	return -1;
}

const char *
clv_kind_name(enum clv_kind kind)
{
	return kind_names[kind];
}

/* The purchase parameters as an array in file order. */
static void
purchase_values(const struct clv_model *m, double *v)
{
	if (m->kind == CLV_BGNBD) {
		v[0] = m->bg.r;
		v[1] = m->bg.alpha;
		v[2] = m->bg.a;
		v[3] = m->bg.b;
	} else {
		v[0] = m->pn.r;
		v[1] = m->pn.alpha;
		v[2] = m->pn.s;
		v[3] = m->pn.beta;
	}
}

static void
set_purchase_values(struct clv_model *m, const double *v)
{
	struct bgnbd_params bg = {v[0], v[1], v[2], v[3]};
	struct pnbd_params pn = {v[0], v[1], v[2], v[3]};

	m->bg = bg;
	m->pn = pn;
}

void
clv_model_fit(struct clv_model *m, const struct clv_summary *s,
              const struct clv_groups *g)
{
	const char *why = NULL;
	int rc;

	if (m->kind == CLV_BGNBD)
		rc = bgnbd_fit(g, &m->bg, &m->fit_purchase, &why);
	else
		rc = pnbd_fit(g, &m->pn, &m->fit_purchase, &why);
	if (rc != 0)
		die(EXIT_DATA, "%s", why);
	if (gg_fit(s, &m->gg, &m->fit_spend, &why) != 0)
		die(EXIT_DATA, "%s", why);
	m->fitted = 1;
}

static void
put_row(FILE *f, const char *model, const char *name, double v, double se)
{
	fprintf(f, "%s\t%s\t", model, name);
	tsv_put_num(f, v);
	putc('\t', f);
	tsv_put_num(f, se);
	putc('\n', f);
}

static void
put_fit_info(FILE *f, const char *model, const struct clv_fit *fit)
{
	put_row(f, model, "loglik", fit->loglik, NAN);
	put_row(f, model, "customers", (double)fit->customers, NAN);
	put_row(f, model, "iterations", fit->iterations, NAN);
}

void
clv_model_write(FILE *f, const struct clv_model *m)
{
	const char *model = kind_names[m->kind];
	double v[4];
	int i;

	purchase_values(m, v);
	fputs("model\tparameter\tvalue\tstd_error\n", f);
	fprintf(f, "%s\tunit\t%s\t\n", model, clv_unit_name(m->unit));
	for (i = 0; i < 4; i++)
		put_row(f, model, purchase_names[m->kind][i], v[i],
		        m->fitted ? m->fit_purchase.se[i] : NAN);
	if (m->fitted)
		put_fit_info(f, model, &m->fit_purchase);
	put_row(f, "gammagamma", "p", m->gg.p,
	        m->fitted ? m->fit_spend.se[0] : NAN);
	put_row(f, "gammagamma", "q", m->gg.q,
	        m->fitted ? m->fit_spend.se[1] : NAN);
	put_row(f, "gammagamma", "gamma", m->gg.gamma,
	        m->fitted ? m->fit_spend.se[2] : NAN);
	if (m->fitted)
		put_fit_info(f, "gammagamma", &m->fit_spend);
}

static int
name_index(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static int
is_info(const char *name)
{
	return strcmp(name, "loglik") == 0 || strcmp(name, "customers") == 0 ||
	       strcmp(name, "iterations") == 0;
}

static double
param_value(struct tsv_reader *r, int col)
{
	const char *v = tsv_field(r, col);
	double d;

	if (num_parse(v, tsv_field_len(r, col), &d) != 0 || !isfinite(d) ||
	    !(d > 0))
		die(EXIT_DATA,
		    "%s:%ld: column 'value': invalid parameter '%s' (want a "
		    "number > 0)",
		    tsv_name(r), tsv_lineno(r), v);
	return d;
}

/*
 * The reader being read, kept where LeakSanitizer finds it when a bad row
 * ends the program (die() exits without returning here).
 */
static struct tsv_reader *volatile current_reader;

void
clv_model_read(struct clv_model *m, const char *path)
{
	struct tsv_reader *r = tsv_open(path);
	int cm = tsv_column(r, "model"), cp = tsv_column(r, "parameter");
	int cv = tsv_column(r, "value"), st, i, have_kind = 0, have_unit = 0;
	int seen_p[4] = {0}, seen_g[3] = {0};
	double pv[4] = {0}, gv[3] = {0};
	const char *model, *name;

	current_reader = r;

	if (cm < 0 || cp < 0 || cv < 0)
		die(EXIT_DATA,
		    "%s: not a parameter file (want the columns "
		    "model, parameter, value, as written by --fit)",
		    tsv_name(r));
	memset(m, 0, sizeof(*m));
	while ((st = tsv_next(r)) != 0) {
		if (st < 0)
			die(EXIT_DATA, "%s:%ld: %s", tsv_name(r), tsv_lineno(r),
			    tsv_error(r));
		model = tsv_field(r, cm);
		name = tsv_field(r, cp);
		if (strcmp(model, "gammagamma") == 0) {
			if (is_info(name))
				continue;
			i = name_index(spend_names, 3, name);
			if (i < 0)
				goto unknown;
			gv[i] = param_value(r, cv);
			seen_g[i] = 1;
			continue;
		}
		if (clv_kind_parse(model, &m->kind) != 0)
			die(EXIT_DATA,
			    "%s:%ld: column 'model': unknown model "
			    "'%s'",
			    tsv_name(r), tsv_lineno(r), model);
		if (have_kind && m->kind != (enum clv_kind)(have_kind - 1))
			die(EXIT_DATA,
			    "%s:%ld: column 'model': a second "
			    "purchase model '%s'",
			    tsv_name(r), tsv_lineno(r), model);
		have_kind = (int)m->kind + 1;
		if (strcmp(name, "unit") == 0) {
			if (clv_unit_parse(tsv_field(r, cv), &m->unit) != 0)
				die(EXIT_DATA,
				    "%s:%ld: column 'value': "
				    "invalid unit '%s'",
				    tsv_name(r), tsv_lineno(r),
				    tsv_field(r, cv));
			have_unit = 1;
			continue;
		}
		if (is_info(name))
			continue;
		i = name_index(purchase_names[m->kind], 4, name);
		if (i < 0)
			goto unknown;
		pv[i] = param_value(r, cv);
		seen_p[i] = 1;
	}
	if (!have_kind || !have_unit)
		die(EXIT_DATA, "%s: no purchase model with its unit",
		    tsv_name(r));
	for (i = 0; i < 4; i++)
		if (!seen_p[i])
			die(EXIT_DATA, "%s: no parameter '%s' for '%s'",
			    tsv_name(r), purchase_names[m->kind][i],
			    kind_names[m->kind]);
	for (i = 0; i < 3; i++)
		if (!seen_g[i])
			die(EXIT_DATA, "%s: no parameter '%s' for 'gammagamma'",
			    tsv_name(r), spend_names[i]);
	if (!(gv[1] > 1))
		die(EXIT_DATA,
		    "%s: gammagamma q must be > 1 (the mean spend is "
		    "infinite otherwise)",
		    tsv_name(r));
	set_purchase_values(m, pv);
	m->gg.p = gv[0];
	m->gg.q = gv[1];
	m->gg.gamma = gv[2];
	tsv_close(r);
	current_reader = NULL;
	return;
unknown:
	die(EXIT_DATA,
	    "%s:%ld: column 'parameter': unknown parameter '%s' "
	    "for '%s'",
	    tsv_name(r), tsv_lineno(r), name, model);
}

static double
expected(const struct clv_model *m, const struct clv_group *g, double t)
{
	if (m->kind == CLV_BGNBD)
		return bgnbd_expected(&m->bg, g->x, g->t_x, g->T, t);
	return pnbd_expected(&m->pn, g->x, g->t_x, g->T, t);
}

/* Per group: P(alive), expected purchases, discounted purchases. */
struct group_score {
	double p_alive, purchases, discounted;
};

static void
score_group(const struct clv_model *m, const struct clv_group *g,
            const struct clv_score_options *o, struct group_score *sc)
{
	double month = clv_unit_days(CLV_MONTH) / clv_unit_days(m->unit);
	double prev = 0, cur, factor = 1;
	int k;

	sc->p_alive = m->kind == CLV_BGNBD
	                  ? bgnbd_p_alive(&m->bg, g->x, g->t_x, g->T)
	                  : pnbd_p_alive(&m->pn, g->x, g->t_x, g->T);
	sc->purchases = expected(m, g, o->horizon);
	sc->discounted = 0;
	for (k = 1; k <= o->months; k++) {
		cur = expected(m, g, k * month);
		factor /= 1 + o->discount;
		sc->discounted += (cur - prev) * factor;
		prev = cur;
	}
}

/* Score the groups [lo, hi): one thread's share. */
struct score_job {
	const struct clv_model *m;
	const struct clv_groups *g;
	const struct clv_score_options *o;
	struct group_score *sc;
	size_t lo, hi;
};

static void *
score_range(void *arg)
{
	struct score_job *j = arg;
	size_t i;

	for (i = j->lo; i < j->hi; i++)
		score_group(j->m, &j->g->g[i], j->o, &j->sc[i]);
	return NULL;
}

/*
 * Score every group, the second half in a second thread when there are
 * many (each group is independent, so the result is the same).
 */
static void
score_groups(const struct clv_model *m, const struct clv_groups *g,
             const struct clv_score_options *o, struct group_score *sc)
{
	struct score_job a = {m, g, o, sc, 0, g->n}, b = a;
	pthread_t tid;

	if (g->n < 10000) {
		score_range(&a);
		return;
	}
	a.hi = b.lo = g->n / 2;
	if (pthread_create(&tid, NULL, score_range, &b) != 0) {
		a.hi = g->n;
		score_range(&a);
		return;
	}
	score_range(&a);
	pthread_join(tid, NULL);
}

static void
not_finite(const struct clv_summary *s, size_t i, const char *what)
{
	const struct clv_customer *c = &s->c[i];

	die(EXIT_DATA,
	    "account '%s': %s is not finite (x %ld, t_x %g, T %g): the "
	    "parameters do not fit this customer",
	    strmap_key(s->names, i), what, c->x, c->t_x, c->T);
}

void
clv_score_write(FILE *f, const struct clv_model *m, const struct clv_summary *s,
                const struct clv_groups *g, const struct clv_score_options *o)
{
	struct group_score *sc = xmalloc((g->n ? g->n : 1) * sizeof(*sc));
	const struct group_score *gs;
	double spend, clv;
	size_t i;

	score_groups(m, g, o, sc);
	fputs("account\tx\tt_x\tT\tmonetary_value\tp_alive\t"
	      "expected_purchases\texpected_spend\tclv\n",
	      f);
	for (i = 0; i < s->n; i++) {
		gs = &sc[g->group_of[i]];
		spend = gg_expected_spend(&m->gg, s->c[i].x, s->c[i].monetary);
		clv = spend * gs->discounted;
		if (!isfinite(gs->p_alive))
			not_finite(s, i, "p_alive");
		if (!isfinite(gs->purchases) || !isfinite(gs->discounted))
			not_finite(s, i, "expected_purchases");
		if (!isfinite(clv))
			not_finite(s, i, "clv");
		clv_summary_put_row(f, s, i);
		putc('\t', f);
		tsv_put_fixed(f, gs->p_alive, NUM_RATE_DECIMALS);
		putc('\t', f);
		tsv_put_fixed(f, gs->purchases, NUM_RATE_DECIMALS);
		putc('\t', f);
		tsv_put_fixed(f, spend, NUM_MONEY_DECIMALS);
		putc('\t', f);
		tsv_put_fixed(f, clv, NUM_MONEY_DECIMALS);
		putc('\n', f);
	}
	free(sc);
}
