/*
 * churnpart.c - the partial files of rm-churn --partial and their reader.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churnpart.h"
#include "error.h"
#include "num.h"
#include "tsv.h"
#include "xalloc.h"

#define CP_MAXCOLS 32

struct cp_reader {
	struct tsv_reader *t;
	const char *kind;
	int ncols;
	int col[CP_MAXCOLS];
	const char *const *names;
	int cpartial, crecord;
	int missing; /* a kind column the header lacks, -1: none */
	long records;
	char **sig;
};

/*
 * The reader being read, kept where LeakSanitizer finds it when a bad
 * record ends the program.
 */
static struct cp_reader *volatile current;

char *
cp_signature(const char *kind, int n, const char *const *pairs)
{
	size_t len = strlen(CP_VERSION) + strlen(kind) + 2, at;
	const char *const *end = pairs + (n > 0 ? 2 * (size_t)n : 0);
	const char *const *kv;
	char *s;

	for (kv = pairs; kv < end; kv += 2)
		len += strlen(kv[0]) + 2 + (kv[1] ? strlen(kv[1]) : 0);
	s = xmalloc(len + 1);
	at = (size_t)sprintf(s, "%s %s", CP_VERSION, kind);
	for (kv = pairs; kv < end; kv += 2)
		at += (size_t)sprintf(s + at, " %s=%s", kv[0],
		                      kv[1] ? kv[1] : "");
	return s;
}

void
cp_columns(struct churn_out *o, const char *const *cols, int ncols)
{
	int i;

	churn_out_column(o, "partial", COL_TEXT);
	churn_out_column(o, "record", COL_TEXT);
	for (i = 0; i < ncols; i++)
		churn_out_column(o, cols[i], COL_TEXT);
}

void
cp_record(struct churn_out *o, const char *sig, const char *record)
{
	churn_out_str(o, sig);
	churn_out_str(o, record);
}

void
cp_end(struct churn_out *o, const char *sig, long nrecords, int ncols)
{
	int i;

	cp_record(o, sig, "end");
	churn_out_count(o, nrecords);
	for (i = 1; i < ncols; i++)
		churn_out_missing(o);
	churn_out_end_row(o);
}

void
cp_fail(struct cp_reader *r, int i, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap); /* a long one is cut */
	va_end(ap);
	die(EXIT_DATA, "%s:%ld: column '%s': %s", tsv_name(r->t),
	    tsv_lineno(r->t), i < 0 ? "record" : r->names[i], msg);
}

void
cp_fail_line(struct cp_reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap); /* a long one is cut */
	va_end(ap);
	die(EXIT_DATA, "%s:%ld: %s", tsv_name(r->t), tsv_lineno(r->t), msg);
}

struct cp_reader *
cp_open(const char *path, const char *kind, const char *const *cols, int ncols,
        char **sig)
{
	struct cp_reader *r = xcalloc(1, sizeof(*r));
	int i;

	current = r;
	r->t = tsv_open(path);
	r->kind = kind;
	r->ncols = ncols;
	r->names = cols;
	r->sig = sig;
	if (tsv_ncols(r->t) == 0)
		die(EXIT_DATA, "%s: empty, not a partial of rm-churn",
		    tsv_name(r->t));
	r->cpartial = tsv_column(r->t, "partial");
	r->crecord = tsv_column(r->t, "record");
	if (r->cpartial < 0 || r->crecord < 0)
		die(EXIT_DATA, "%s: not a partial of rm-churn (no column '%s')",
		    tsv_name(r->t), r->cpartial < 0 ? "partial" : "record");
	r->missing = -1;
	for (i = 0; i < ncols; i++)
		if ((r->col[i] = tsv_column(r->t, cols[i])) < 0 &&
		    r->missing < 0)
			r->missing = i;
	return r;
}

/* Check the signature of the current record. */
static void
check_signature(struct cp_reader *r)
{
	const char *s = tsv_field(r->t, r->cpartial);
	size_t vl = strlen(CP_VERSION), kl = strlen(r->kind);

	if (*r->sig && strcmp(s, *r->sig) == 0)
		return;
	if (strncmp(s, CP_VERSION " ", vl + 1) != 0)
		die(EXIT_DATA,
		    "%s:%ld: column 'partial': '%s' is not a partial of %s",
		    tsv_name(r->t), tsv_lineno(r->t), s, CP_VERSION);
	if (strncmp(s + vl + 1, r->kind, kl) != 0 ||
	    (s[vl + 1 + kl] != ' ' && s[vl + 1 + kl] != '\0'))
		die(EXIT_DATA,
		    "%s:%ld: column 'partial': '%s' is not a %s partial (give "
		    "the merge the mode of the parts: --cohorts, --renewals, "
		    "--summary or none)",
		    tsv_name(r->t), tsv_lineno(r->t), s, r->kind);
	if (*r->sig)
		die(EXIT_DATA,
		    "%s:%ld: column 'partial': '%s' differs from '%s' (parts "
		    "made with other options)",
		    tsv_name(r->t), tsv_lineno(r->t), s, *r->sig);
	*r->sig = xstrdup(s);
}

/* The end record: its count, then the end of the file. */
static void
check_end(struct cp_reader *r)
{
	int64_t n = cp_count(r, 0, 0, INT64_MAX / 2);

	if (n != r->records)
		cp_fail(r, 0,
		        "end record counts %lld records, the file has "
		        "%ld (not a whole partial)",
		        (long long)n, r->records);
	switch (tsv_next(r->t)) {
	case 0:
		return;
	case -1:
		cp_fail_line(r, "%s", tsv_error(r->t));
	default:
		cp_fail(r, -1, "a record after the end record");
	}
}

const char *
cp_next(struct cp_reader *r)
{
	const char *rec;

	switch (tsv_next(r->t)) {
	case 0:
		die(EXIT_DATA,
		    "%s:%ld: the partial ends without its end record (cut "
		    "short?)",
		    tsv_name(r->t), tsv_lineno(r->t) + 1);
	case -1:
		cp_fail_line(r, "%s", tsv_error(r->t));
	default:
		break;
	}
	check_signature(r);
	if (r->missing >= 0)
		die(EXIT_DATA,
		    "%s: not a %s partial of rm-churn (no column '%s')",
		    tsv_name(r->t), r->kind, r->names[r->missing]);
	rec = tsv_field(r->t, r->crecord);
	if (strcmp(rec, "end") == 0) {
		check_end(r);
		return NULL;
	}
	r->records++;
	return rec;
}

void
cp_close(struct cp_reader *r)
{
	if (r == NULL)
		return;
	tsv_close(r->t);
	free(r);
	current = NULL;
}

const char *
cp_text(struct cp_reader *r, int i)
{
	return tsv_field(r->t, r->col[i]);
}

int64_t
cp_count(struct cp_reader *r, int i, int64_t lo, int64_t hi)
{
	const char *s = cp_text(r, i);
	double v;

	if (num_parse(s, strlen(s), &v) != 0 || v != floor(v) || v < lo ||
	    v > hi || fabs(v) > 9e15)
		cp_fail(r, i, "invalid count '%s'", s);
	return (int64_t)v;
}

int64_t
cp_money(struct cp_reader *r, int i)
{
	const char *s = cp_text(r, i);
	double v;

	if (num_parse(s, strlen(s), &v) != 0 || fabs(v) > 1e13)
		cp_fail(r, i, "invalid amount '%s'", s);
	return (int64_t)llround(v * 100.0);
}

int
cp_period(struct cp_reader *r, int i, enum period_unit unit)
{
	const char *s = cp_text(r, i);
	int p;

	if (period_parse_label(s, unit, &p) != 0)
		cp_fail(r, i, "invalid %s '%s'", period_unit_name(unit), s);
	return p;
}

int
cp_date(struct cp_reader *r, int i)
{
	const char *s = cp_text(r, i);
	int d;

	if (date_parse_iso(s, strlen(s), &d) != 0)
		cp_fail(r, i, "invalid date '%s'", s);
	return d;
}

/* The value of option name in sig ("" when absent); by= runs to the end. */
static char *
sig_value(const char *sig, const char *name)
{
	size_t n = strlen(name);
	const char *p = sig, *e;

	while ((p = strchr(p, ' ')) != NULL) {
		p++;
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			p += n + 1;
			e = strcmp(name, "by") == 0 ? p + strlen(p)
			                            : p + strcspn(p, " ");
			char *v = xmalloc((size_t)(e - p) + 1);

			memcpy(v, p, (size_t)(e - p));
			v[e - p] = '\0';
			return v;
		}
	}
	return xstrdup("");
}

void
cp_sig_parse(const char *sig, struct cp_sig *s)
{
	const char *k = sig + strlen(CP_VERSION) + 1;
	size_t kl = strcspn(k, " ");
	char *unit;

	memset(s, 0, sizeof(*s));
	if (kl >= sizeof(s->kind))
		kl = sizeof(s->kind) - 1;
	memcpy(s->kind, k, kl);
	s->kind[kl] = '\0';
	unit = sig_value(sig, "period");
	s->unit = PERIOD_MONTH;
	if (*unit && period_parse_unit(unit, &s->unit) == 0)
		s->has_unit = 1;
	free(unit);
	s->by = sig_value(sig, "by");
	s->as_of = sig_value(sig, "as-of");
}

void
cp_sig_free(struct cp_sig *s)
{
	free(s->by);
	free(s->as_of);
	s->by = s->as_of = NULL;
}

void
cp_sig_first(struct cp_reader *r, const char *sig, struct cp_sig *s,
             int *parsed, int has_unit, enum period_unit *unit)
{
	if (*parsed)
		return;
	cp_sig_parse(sig, s);
	*parsed = 1;
	if (has_unit && s->unit != *unit)
		cp_fail_line(
		    r, "column 'partial': made with --period %s, not %s",
		    period_unit_name(s->unit), period_unit_name(*unit));
	*unit = s->unit;
}

/* Check that the current group reached its last period. */
static void
seq_close(struct cp_seq *q, struct cp_reader *r)
{
	if (q->active && q->next <= q->hi) {
		cp_fail_line(r,
		             "the rows of group '%s' stop early (not a whole "
		             "partial)",
		             q->group);
	}
}

int
cp_seq_row(struct cp_seq *q, struct cp_reader *r, int group_field,
           int period_field, int period)
{
	const char *g = cp_text(r, group_field);
	int fresh = 0;

	if (!q->active || strcmp(g, q->group) != 0) {
		if (q->active && strcmp(g, q->group) < 0)
			cp_fail(r, group_field,
			        "group '%s' after '%s' (groups in byte order)",
			        g, q->group);
		seq_close(q, r);
		free(q->group);
		q->group = xstrdup(g);
		q->next = q->lo;
		q->active = 1;
		fresh = 1;
	}
	if (period != q->next)
		cp_fail(r, period_field,
		        "'%s' out of order, repeated or outside the periods of "
		        "the partial",
		        cp_text(r, period_field));
	q->next++;
	return fresh;
}

void
cp_seq_end(struct cp_seq *q, struct cp_reader *r)
{
	seq_close(q, r);
	free(q->group);
	q->group = NULL;
	q->active = 0;
}

void
cp_range_add(struct cp_range *into, const struct cp_range *part)
{
	if (part->has_first && (!into->has_first || part->first < into->first))
		into->first = part->first;
	if (part->has_last && (!into->has_last || part->last > into->last))
		into->last = part->last;
	into->has_first |= part->has_first;
	into->has_last |= part->has_last;
}

static void
range_record(struct churn_out *o, const char *sig, const char *name, int p,
             enum period_unit unit, int field, int ncols)
{
	char label[PERIOD_BUFSIZE];
	int i;

	period_label(p, unit, label);
	cp_record(o, sig, name);
	for (i = 0; i < ncols; i++)
		if (i == field)
			churn_out_str(o, label);
		else
			churn_out_missing(o);
	churn_out_end_row(o);
}

int
cp_range_write(struct churn_out *o, const char *sig, const struct cp_range *g,
               enum period_unit unit, int field, int ncols)
{
	if (g->has_first)
		range_record(o, sig, "first", g->first, unit, field, ncols);
	if (g->has_last)
		range_record(o, sig, "last", g->last, unit, field, ncols);
	return g->has_first + g->has_last;
}

int
cp_range_read(struct cp_reader *r, const char *rec, struct cp_range *g,
              enum period_unit unit, int field, int rows_seen)
{
	int first = strcmp(rec, "first") == 0;

	if (!first && strcmp(rec, "last") != 0)
		return 0;
	if (rows_seen || (first ? g->has_first : g->has_last))
		cp_fail(r, -1, "'%s' record repeated or after the rows", rec);
	if (first) {
		g->first = cp_period(r, field, unit);
		g->has_first = 1;
	} else {
		g->last = cp_period(r, field, unit);
		g->has_last = 1;
	}
	return 1;
}
