/*
 * segcuts.c - cut points of the quantile methods: derive, apply, write
 * and read them; partial value distributions of shards.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "num.h"
#include "segcuts.h"
#include "tsv.h"
#include "xalloc.h"

void
seg_cuts_scale(struct seg_cuts *c, int k, const char *name,
               const char *const *labels, int nlevels)
{
	struct seg_scale *s = &c->scale[k];
	int L;

	s->name = name;
	s->labels = labels;
	s->nlevels = nlevels;
	s->from = xmalloc((size_t)nlevels * sizeof(*s->from));
	s->from[0] = -INFINITY;
	for (L = 1; L < nlevels; L++)
		s->from[L] = INFINITY;
	if (k >= c->nscales)
		c->nscales = k + 1;
}

void
seg_cuts_derive(struct seg_cuts *c, int k, const double *v, const int *level,
                size_t n)
{
	struct seg_scale *s = &c->scale[k];
	size_t i;
	int L;

	/* the smallest value of each level, then of it or any above */
	for (L = 1; L < s->nlevels; L++)
		s->from[L] = INFINITY;
	for (i = 0; i < n; i++)
		if (level[i] >= 1 && level[i] < s->nlevels &&
		    v[i] < s->from[level[i]])
			s->from[level[i]] = v[i];
	for (L = s->nlevels - 2; L >= 1; L--)
		if (s->from[L + 1] < s->from[L])
			s->from[L] = s->from[L + 1];
}

int
seg_cuts_level(const struct seg_cuts *c, int k, double v)
{
	const struct seg_scale *s = &c->scale[k];
	int lo = 1, hi = s->nlevels;

	if (isnan(v))
		return -1;
	/* the first L with from[L] > v; from[] never goes down */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (s->from[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* Write v exactly, or an empty field for INFINITY. */
static void
put_value(FILE *f, double v)
{
	char buf[64];

	if (isinf(v))
		return;
	num_format_shortest(buf, sizeof(buf), v);
	fputs(buf, f);
}

void
seg_cuts_write(FILE *f, const struct seg_cuts *c)
{
	int k, L;

	fputs("version\tscale\tlevel\tfrom\n", f);
	if (c->has_as_of) {
		fputs(SEG_CUTS_VERSION "\tas-of\t\t", f);
		if (c->as_of != INT_MIN)
			tsv_put_date(f, c->as_of);
		putc('\n', f);
	}
	for (k = 0; k < c->nscales; k++) {
		const struct seg_scale *s = &c->scale[k];

		for (L = 1; L < s->nlevels; L++) {
			fputs(SEG_CUTS_VERSION "\t", f);
			tsv_put_str(f, s->name);
			putc('\t', f);
			tsv_put_str(f, s->labels[L]);
			putc('\t', f);
			put_value(f, s->from[L]);
			putc('\n', f);
		}
	}
}

/* ---- reading ---- */

/* The file being read, kept where LeakSanitizer finds it when a bad row
 * ends the program. */
static struct tsv_reader *volatile reading;

/* Column index of name in the header of t, or die naming the file. */
static int
column(struct tsv_reader *t, const char *name, const char *header)
{
	int c = tsv_column(t, name);

	if (c < 0)
		die(EXIT_DATA, "%s:1: no column '%s' (want the header '%s')",
		    tsv_name(t), name, header);
	return c;
}

/* Next row, or die at a bad row; 0 at the end. */
static int
next_row(struct tsv_reader *t)
{
	int got = tsv_next(t);

	if (got < 0)
		die(EXIT_DATA, "%s:%ld: %s", tsv_name(t), tsv_lineno(t),
		    tsv_error(t));
	return got;
}

static void
check_version(struct tsv_reader *t, int col)
{
	if (strcmp(tsv_field(t, col), SEG_CUTS_VERSION) != 0)
		die(EXIT_DATA,
		    "%s:%ld: column 'version': unknown version '%s' (want "
		    "'" SEG_CUTS_VERSION "')",
		    tsv_name(t), tsv_lineno(t), tsv_field(t, col));
}

/* Field col unescaped equals text. */
static int
field_is(struct tsv_reader *t, int col, const char *text)
{
	size_t len = tsv_field_len(t, col);
	char *buf = xmemdup(tsv_field(t, col), len);
	int same;

	len = tsv_unescape(buf, len, buf);
	same = len == strlen(text) && memcmp(buf, text, len) == 0;
	free(buf);
	return same;
}

/* The field must be text: die naming what the options want. */
static void
expect(struct tsv_reader *t, int col, const char *colname, const char *text)
{
	if (!field_is(t, col, text))
		die(EXIT_DATA,
		    "%s:%ld: column '%s': found '%s', want '%s' (the cuts "
		    "were written with other options)",
		    tsv_name(t), tsv_lineno(t), colname, tsv_field(t, col),
		    text);
}

/* The as-of row's day into *as_of; when *as_of is set, it must match. */
static void
read_as_of(struct tsv_reader *t, int cfrom, int *as_of)
{
	const char *s = tsv_field(t, cfrom);
	size_t len = tsv_field_len(t, cfrom);
	int want = *as_of;
	char buf[16];

	*as_of = INT_MIN;
	if (len > 0 && date_parse_iso(s, len, as_of) != 0)
		die(EXIT_DATA, "%s:%ld: column 'from': invalid date '%s'",
		    tsv_name(t), tsv_lineno(t), s);
	if (want != INT_MIN && want != *as_of) {
		date_format(want, buf);
		die(EXIT_DATA,
		    "%s:%ld: column 'from': the cuts are for as-of '%s', not "
		    "--as-of %s",
		    tsv_name(t), tsv_lineno(t), s, buf);
	}
}

static double
read_from(struct tsv_reader *t, int cfrom, double before)
{
	const char *s = tsv_field(t, cfrom);
	size_t len = tsv_field_len(t, cfrom);
	double v;

	if (len == 0)
		return INFINITY;
	if (num_parse(s, len, &v) != 0)
		die(EXIT_DATA, "%s:%ld: column 'from': invalid number '%s'",
		    tsv_name(t), tsv_lineno(t), s);
	if (v < before)
		die(EXIT_DATA,
		    "%s:%ld: column 'from': '%s' is below the cut point "
		    "before it (cut points never go down)",
		    tsv_name(t), tsv_lineno(t), s);
	return v;
}

void
seg_cuts_read(const char *path, struct seg_cuts *c)
{
	static const char header[] = "version scale level from";
	struct tsv_reader *t = reading = tsv_open(path);
	int cver, cscale, clevel, cfrom, k, L;

	if (tsv_ncols(t) == 0)
		die(EXIT_DATA, "%s: empty cuts file", tsv_name(t));
	cver = column(t, "version", header);
	cscale = column(t, "scale", header);
	clevel = column(t, "level", header);
	cfrom = column(t, "from", header);
	if (c->has_as_of) {
		if (!next_row(t))
			die(EXIT_DATA,
			    "%s:%ld: the cuts end early (want an "
			    "as-of row)",
			    tsv_name(t), tsv_lineno(t) + 1);
		check_version(t, cver);
		expect(t, cscale, "scale", "as-of");
		read_as_of(t, cfrom, &c->as_of);
	}
	for (k = 0; k < c->nscales; k++) {
		struct seg_scale *s = &c->scale[k];

		for (L = 1; L < s->nlevels; L++) {
			if (!next_row(t))
				die(EXIT_DATA,
				    "%s:%ld: the cuts end early (want scale "
				    "'%s', level '%s')",
				    tsv_name(t), tsv_lineno(t) + 1, s->name,
				    s->labels[L]);
			check_version(t, cver);
			expect(t, cscale, "scale", s->name);
			expect(t, clevel, "level", s->labels[L]);
			s->from[L] = read_from(t, cfrom, s->from[L - 1]);
		}
	}
	if (next_row(t))
		die(EXIT_DATA,
		    "%s:%ld: column 'scale': unexpected row of scale '%s' "
		    "(the cuts were written with other options)",
		    tsv_name(t), tsv_lineno(t), tsv_field(t, cscale));
	tsv_close(t);
	reading = NULL;
}

void
seg_cuts_free(struct seg_cuts *c)
{
	int k;

	for (k = 0; k < c->nscales; k++)
		free(c->scale[k].from);
	c->nscales = 0;
}

/* ---- partial files ---- */

void
seg_partial_header(FILE *f)
{
	fputs("version\tscale\tvalue\tcount\n", f);
}

static void
put_row(FILE *f, const char *scale, double v, size_t count, int is_date)
{
	fputs(SEG_CUTS_VERSION "\t", f);
	tsv_put_str(f, scale);
	putc('\t', f);
	if (is_date)
		tsv_put_date(f, (int)v);
	else
		put_value(f, v);
	putc('\t', f);
	tsv_put_long(f, (long long)count);
	putc('\n', f);
}

void
seg_partial_write(FILE *f, const char *scale, double *v, size_t n, int is_date)
{
	size_t i, m = 0, run;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[m++] = v[i];
	stats_sort(v, m);
	for (i = 0; i < m; i += run) {
		for (run = 1; i + run < m && v[i + run] == v[i]; run++)
			;
		put_row(f, scale, v[i], run, is_date);
	}
}

/* The scale a row names, or die. */
static struct seg_partial_scale *
find_scale(struct tsv_reader *t, int col, struct seg_partial_scale *scales,
           int nscales)
{
	int k;

	for (k = 0; k < nscales; k++)
		if (field_is(t, col, scales[k].name))
			return &scales[k];
	die(EXIT_DATA,
	    "%s:%ld: column 'scale': unexpected scale '%s' (the partial was "
	    "written with other options)",
	    tsv_name(t), tsv_lineno(t), tsv_field(t, col));
	return NULL;
}

static double
partial_value(struct tsv_reader *t, int col, int is_date)
{
	const char *s = tsv_field(t, col);
	size_t len = tsv_field_len(t, col);
	double v;
	int day;

	if (is_date) {
		if (date_parse_iso(s, len, &day) != 0)
			die(EXIT_DATA,
			    "%s:%ld: column 'value': invalid date '%s'",
			    tsv_name(t), tsv_lineno(t), s);
		return day;
	}
	if (num_parse(s, len, &v) != 0)
		die(EXIT_DATA, "%s:%ld: column 'value': invalid number '%s'",
		    tsv_name(t), tsv_lineno(t), s);
	return v;
}

static size_t
partial_count(struct tsv_reader *t, int col)
{
	const char *s = tsv_field(t, col);
	char *end;
	unsigned long long n;

	n = s[0] >= '1' && s[0] <= '9' ? strtoull(s, &end, 10) : 0;
	if (n == 0 || *end != '\0' || n > (1ULL << 32))
		die(EXIT_DATA, "%s:%ld: column 'count': invalid count '%s'",
		    tsv_name(t), tsv_lineno(t), s);
	return (size_t)n;
}

static void
read_one(const char *path, struct seg_partial_scale *scales, int nscales)
{
	static const char header[] = "version scale value count";
	struct tsv_reader *t = reading = tsv_open(path);
	int cver, cscale, cval, ccount, k;
	static int *volatile seen; /* static: see reading */

	seen = xcalloc((size_t)nscales, sizeof(*seen));

	if (tsv_ncols(t) == 0) {
		tsv_close(t);
		free(seen);
		reading = NULL;
		return;
	}
	cver = column(t, "version", header);
	cscale = column(t, "scale", header);
	cval = column(t, "value", header);
	ccount = column(t, "count", header);
	while (next_row(t)) {
		struct seg_partial_scale *s;
		double v;
		size_t n;

		check_version(t, cver);
		s = find_scale(t, cscale, scales, nscales);
		v = partial_value(t, cval, s->is_date);
		for (n = partial_count(t, ccount); n > 0; n--)
			dvec_push(&s->values, v);
		seen[s - scales] = 1;
	}
	for (k = 0; k < nscales; k++)
		scales[k].files += (size_t)seen[k];
	free(seen);
	tsv_close(t);
	reading = NULL;
}

void
seg_partial_read(char *const *paths, int npaths,
                 struct seg_partial_scale *scales, int nscales)
{
	static char *const stdin_path[] = {"-"};
	int i;

	if (npaths == 0) {
		paths = stdin_path;
		npaths = 1;
	}
	for (i = 0; i < npaths; i++)
		read_one(paths[i], scales, nscales);
}
