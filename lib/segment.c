/*
 * segment.c - input matched by name, quantile scores with ties, ABC
 * tiers, the value x risk grid, the per-segment summary, and running a
 * method of rm-segment over its input (seg_run).
 */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "input.h"
#include "event.h"
#include "num.h"
#include "output.h"
#include "rfm.h"
#include "segcuts.h"
#include "segment.h"
#include "stats.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

/* ---- input ---- */

struct seg_input {
	char *const *paths;
	int npaths, next_path;
	struct tsv_reader *tsv;
	char **names; /* the first header */
	size_t ncols;
	struct strmap *index; /* name -> column */
	int *map;             /* column -> field of the current file */
	int identity;         /* the current file has the first header */
	const char **fields;  /* the row in first-header order */
	size_t *lens;
	unsigned long long rows, bytes_done;
};

static char *const stdin_path[] = {"-"};

/* Match the current file's header against the first one. */
static void
map_columns(struct seg_input *in)
{
	struct tsv_reader *t = in->tsv;
	size_t i, n = tsv_ncols(t);

	in->identity = n == in->ncols;
	for (i = 0; i < in->ncols; i++) {
		in->map[i] = tsv_column(t, in->names[i]);
		if (in->map[i] != (int)i)
			in->identity = 0;
	}
	for (i = 0; i < n; i++)
		if (strmap_find(in->index, tsv_colname(t, i),
		                strlen(tsv_colname(t, i))) < 0)
			die(EXIT_DATA,
			    "%s: column '%s' is not in the header of '%s' "
			    "(files are matched by column name)",
			    tsv_name(t), tsv_colname(t, i), in->paths[0]);
}

/* Open the next file with a header; 0 when none is left. */
static int
open_next(struct seg_input *in)
{
	for (;;) {
		if (in->tsv) {
			in->bytes_done += tsv_bytes(in->tsv);
			tsv_close(in->tsv);
			in->tsv = NULL;
		}
		/* a file that cannot be opened among several is skipped */
		while (in->next_path < in->npaths && in->npaths > 1 &&
		       !input_can_open(in->paths[in->next_path]))
			in->next_path++;
		if (in->next_path >= in->npaths)
			return 0;
		in->tsv = tsv_open(in->paths[in->next_path++]);
		if (tsv_ncols(in->tsv) > 0)
			break;
	}
	if (in->names == NULL) {
		size_t i;

		in->ncols = tsv_ncols(in->tsv);
		in->names = xcalloc(in->ncols, sizeof(*in->names));
		in->map = xcalloc(in->ncols, sizeof(*in->map));
		in->fields = xcalloc(in->ncols, sizeof(*in->fields));
		in->lens = xcalloc(in->ncols, sizeof(*in->lens));
		for (i = 0; i < in->ncols; i++) {
			in->names[i] = xstrdup(tsv_colname(in->tsv, i));
			strmap_intern(in->index, in->names[i],
			              strlen(in->names[i]), NULL);
		}
	}
	map_columns(in);
	return 1;
}

struct seg_input *
seg_input_open(char *const *paths, int npaths)
{
	struct seg_input *in = xcalloc(1, sizeof(*in));

	in->paths = npaths > 0 ? paths : stdin_path;
	in->npaths = npaths > 0 ? npaths : 1;
	in->index = strmap_new();
	open_next(in);
	return in;
}

size_t
seg_input_ncols(const struct seg_input *in)
{
	return in->ncols;
}

const char *
seg_input_colname(const struct seg_input *in, size_t i)
{
	return i < in->ncols ? in->names[i] : "";
}

int
seg_input_column(const struct seg_input *in, const char *name)
{
	long id = strmap_find(in->index, name, strlen(name));
	size_t i;

	if (id < 0)
		return -1;
	for (i = 0; i < in->ncols; i++) /* the first of repeated names */
		if (strcmp(in->names[i], name) == 0)
			return (int)i;
	return -1;
}

int
seg_input_next(struct seg_input *in, struct expr_row *row)
{
	int got;
	const char *const *f;
	const size_t *lens;
	size_t i;

	while (in->tsv) {
		got = tsv_next(in->tsv);
		if (got < 0)
			die(EXIT_DATA, "%s:%ld: %s", tsv_name(in->tsv),
			    tsv_lineno(in->tsv), tsv_error(in->tsv));
		if (got == 0) {
			if (!open_next(in))
				return 0;
			continue;
		}
		in->rows++;
		row->file = tsv_name(in->tsv);
		row->line = tsv_lineno(in->tsv);
		row->nfields = in->ncols;
		f = tsv_row(in->tsv, &lens);
		if (in->identity) {
			row->fields = f;
			row->lens = lens;
			return 1;
		}
		for (i = 0; i < in->ncols; i++) {
			int c = in->map[i];

			in->fields[i] = c < 0 ? "" : f[c];
			in->lens[i] = c < 0 ? 0 : lens[c];
		}
		row->fields = in->fields;
		row->lens = in->lens;
		return 1;
	}
	return 0;
}

unsigned long long
seg_input_rows(const struct seg_input *in)
{
	return in->rows;
}

unsigned long long
seg_input_bytes(const struct seg_input *in)
{
	return in->bytes_done + (in->tsv ? tsv_bytes(in->tsv) : 0);
}

void
seg_input_close(struct seg_input *in)
{
	size_t i;

	if (in == NULL)
		return;
	tsv_close(in->tsv);
	for (i = 0; i < in->ncols; i++)
		free(in->names[i]);
	free(in->names);
	free(in->map);
	free(in->fields);
	free(in->lens);
	strmap_free(in->index);
	free(in);
}

double
seg_field_number(const struct expr_row *row, int col, const char *colname,
                 int nonneg)
{
	double v;

	if (col < 0 || (size_t)col >= row->nfields || row->lens[col] == 0)
		return NAN;
	if (num_parse(row->fields[col], row->lens[col], &v) != 0)
		die(EXIT_DATA, "%s:%ld: column '%s': invalid number '%.40s'",
		    row->file, row->line, colname, row->fields[col]);
	if (nonneg && v < 0)
		die(EXIT_DATA,
		    "%s:%ld: column '%s': negative value '%.40s' (tiers need "
		    "values of 0 or more)",
		    row->file, row->line, colname, row->fields[col]);
	return v;
}

/* ---- output rows ---- */

/* One output line is assembled here and written with one fwrite(). */
static char *line_buf;
static size_t line_cap;

static void
line_reserve(size_t need)
{
	if (need > line_cap)
		grow_array((void **)&line_buf, &line_cap, need, 1);
}

/* Append the label, escaped, a LF, and write the line of len bytes. */
static void
finish_line(FILE *f, size_t len, const char *label)
{
	const char *p;

	line_reserve(len + 2 * strlen(label) + 2);
	for (p = label; *p; p++) {
		char c = *p;

		if (c == '\t' || c == '\n' || c == '\r' || c == '\\') {
			line_buf[len++] = '\\';
			if (c == '\t')
				c = 't';
			else if (c == '\n')
				c = 'n';
			else if (c == '\r')
				c = 'r';
		}
		line_buf[len++] = c;
	}
	line_buf[len++] = '\n';
	fwrite(line_buf, 1, len, f);
}

void
seg_write_row(FILE *f, const struct expr_row *row, int skip, const char *label)
{
	size_t i, len = 0, need = 1;

	for (i = 0; i < row->nfields; i++)
		need += row->lens[i] + 1;
	line_reserve(need);
	for (i = 0; i < row->nfields; i++) {
		if ((int)i == skip)
			continue;
		memcpy(line_buf + len, row->fields[i], row->lens[i]);
		len += row->lens[i];
		line_buf[len++] = '\t';
	}
	finish_line(f, len, label);
}

void
seg_write_free(void)
{
	free(line_buf);
	line_buf = NULL;
	line_cap = 0;
}

void
seg_write_header(FILE *f, const struct seg_input *in, int skip,
                 const char *name)
{
	size_t i;

	for (i = 0; i < in->ncols; i++) {
		if ((int)i == skip)
			continue;
		fputs(in->names[i], f);
		putc('\t', f);
	}
	tsv_put_str(f, name);
	putc('\n', f);
}

struct seg_rows {
	char *text;
	size_t len, cap;
	size_t *start; /* row i is text[start[i] .. start[i+1]) */
	size_t n, scap;
	int has_fields; /* rows have columns before the label */
};

struct seg_rows *
seg_rows_new(void)
{
	struct seg_rows *rs = xcalloc(1, sizeof(*rs));

	grow_array((void **)&rs->start, &rs->scap, 1, sizeof(*rs->start));
	rs->start[0] = 0;
	return rs;
}

static void
append(struct seg_rows *rs, const char *s, size_t len)
{
	grow_array((void **)&rs->text, &rs->cap, rs->len + len,
	           sizeof(*rs->text));
	memcpy(rs->text + rs->len, s, len);
	rs->len += len;
}

void
seg_rows_add(struct seg_rows *rs, const struct expr_row *row, int skip)
{
	size_t i;
	int first = 1;

	for (i = 0; i < row->nfields; i++) {
		if ((int)i == skip)
			continue;
		if (!first)
			append(rs, "\t", 1);
		append(rs, row->fields[i], row->lens[i]);
		first = 0;
	}
	rs->has_fields = !first;
	grow_array((void **)&rs->start, &rs->scap, rs->n + 2,
	           sizeof(*rs->start));
	rs->start[++rs->n] = rs->len;
}

void
seg_rows_write(FILE *f, const struct seg_rows *rs, size_t i, const char *label)
{
	size_t len = rs->start[i + 1] - rs->start[i];

	line_reserve(len + 1);
	memcpy(line_buf, rs->text + rs->start[i], len);
	if (rs->has_fields)
		line_buf[len++] = '\t';
	finish_line(f, len, label);
}

void
seg_rows_free(struct seg_rows *rs)
{
	if (rs == NULL)
		return;
	free(rs->text);
	free(rs->start);
	free(rs);
}

/* ---- methods ---- */

/* The score of a value with below values under it and equal alike. */
static int
score(size_t below, size_t equal, size_t n, int bins)
{
	unsigned long long num = (unsigned long long)bins * (2 * below + equal);

	assert(n > 0); /* n counts the value being scored */
	return 1 + (int)(num / (2ULL * n));
}

/* Integer values in a range small enough to count: 1 and the range. */
static int
small_integers(const double *v, size_t n, double *lo, double *hi)
{
	size_t i, seen = 0;

	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (v[i] != floor(v[i]) || fabs(v[i]) > 1e15)
			return 0;
		if (seen++ == 0 || v[i] < *lo)
			*lo = v[i];
		if (seen == 1 || v[i] > *hi)
			*hi = v[i];
	}
	return seen > 0 && *hi - *lo < 4.0 * (double)n + 1024;
}

static void
ntile_counted(const double *v, size_t n, int bins, double lo, double hi,
              int *out)
{
	size_t range = (size_t)(hi - lo) + 1, i, m = 0, *below, *count;

	count = xcalloc(range, sizeof(*count));
	below = xcalloc(range, sizeof(*below));
	for (i = 0; i < n; i++)
		if (!isnan(v[i])) {
			count[(size_t)(v[i] - lo)]++;
			m++;
		}
	for (i = 1; i < range; i++)
		below[i] = below[i - 1] + count[i - 1];
	for (i = 0; i < n; i++) {
		size_t k;

		if (isnan(v[i])) {
			out[i] = -1;
			continue;
		}
		k = (size_t)(v[i] - lo);
		out[i] = score(below[k], count[k], m, bins);
	}
	free(count);
	free(below);
}

/* Number of sorted values below x (lower bound) and not above x. */
static size_t
lower_bound(const double *s, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
upper_bound(const double *s, size_t n, double x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The non-missing values of v, sorted ascending; *m of them. */
static double *
sorted_values(const double *v, size_t n, size_t *m)
{
	double *s = xmalloc((n ? n : 1) * sizeof(*s));
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			s[k++] = v[i];
	stats_sort(s, k);
	*m = k;
	return s;
}

void
seg_ntile(const double *v, size_t n, int bins, int *out)
{
	double lo = 0, hi = 0, *s;
	size_t i, m;

	if (small_integers(v, n, &lo, &hi)) {
		ntile_counted(v, n, bins, lo, hi, out);
		return;
	}
	s = sorted_values(v, n, &m);
	for (i = 0; i < n; i++) {
		size_t below, upto;

		if (isnan(v[i])) {
			out[i] = -1;
			continue;
		}
		below = lower_bound(s, m, v[i]);
		upto = upper_bound(s, m, v[i]);
		out[i] = score(below, upto - below, m, bins);
	}
	free(s);
}

void
seg_tiers(const double *v, size_t n, const double *shares, int ntiers, int *out)
{
	double *s, *above, total, bound;
	size_t i, m;
	int k;

	s = sorted_values(v, n, &m);
	/* above[j]: the sum of s[j..m), added from the largest down */
	above = xmalloc((m + 1) * sizeof(*above));
	above[m] = 0;
	for (i = m; i > 0; i--)
		above[i - 1] = above[i] + s[i - 1];
	total = above[0];
	for (i = 0; i < n; i++) {
		double before;

		if (isnan(v[i])) {
			out[i] = -1;
			continue;
		}
		before = above[upper_bound(s, m, v[i])];
		out[i] = ntiers - 1;
		if (total <= 0)
			continue;
		bound = 0;
		for (k = 0; k < ntiers - 1; k++) {
			bound += shares[k];
			/* a share on the boundary goes to the next tier */
			if (before / total * 100 < bound - 1e-9) {
				out[i] = k;
				break;
			}
		}
	}
	free(above);
	free(s);
}

void
seg_levels(const double *v, size_t n, const double *cuts, int *out)
{
	size_t i;

	if (cuts == NULL) {
		seg_ntile(v, n, 3, out);
		for (i = 0; i < n; i++)
			if (out[i] > 0)
				out[i]--;
		return;
	}
	for (i = 0; i < n; i++)
		out[i] = isnan(v[i])      ? -1
		         : v[i] < cuts[0] ? 0
		         : v[i] < cuts[1] ? 1
		                          : 2;
}

const char *const seg_matrix_cells[9] = {"protect", "engage",   "rescue",
                                         "grow",    "maintain", "retain",
                                         "develop", "monitor",  "deprioritise"};

int
seg_matrix_cell(int value_level, int risk_level)
{
	return (2 - value_level) * 3 + risk_level;
}

void
seg_matrix(const double *value, const double *risk, size_t n,
           const double *vcuts, const double *rcuts, int *out)
{
	int *rlevel = xmalloc((n ? n : 1) * sizeof(*rlevel));
	size_t i;

	seg_levels(value, n, vcuts, out);
	seg_levels(risk, n, rcuts, rlevel);
	for (i = 0; i < n; i++)
		out[i] = out[i] < 0 || rlevel[i] < 0
		             ? -1
		             : seg_matrix_cell(out[i], rlevel[i]);
	free(rlevel);
}

/* ---- summary ---- */

struct seg_summary {
	struct strmap *labels;
	unsigned long long *count;
	double *value;
	size_t cap;
	unsigned long long rows;
	double total;
};

struct seg_summary *
seg_summary_new(void)
{
	struct seg_summary *s = xcalloc(1, sizeof(*s));

	s->labels = strmap_new();
	return s;
}

static size_t
label_id(struct seg_summary *s, const char *label)
{
	size_t id = strmap_intern(s->labels, label, strlen(label), NULL);

	if (id >= s->cap) {
		size_t old = s->cap, cap = s->cap;

		grow_array((void **)&s->count, &cap, id + 1, sizeof(*s->count));
		s->value = xreallocarray(s->value, cap, sizeof(*s->value));
		memset(s->count + old, 0, (cap - old) * sizeof(*s->count));
		memset(s->value + old, 0, (cap - old) * sizeof(*s->value));
		s->cap = cap;
	}
	return id;
}

void
seg_summary_label(struct seg_summary *s, const char *label)
{
	label_id(s, label);
}

void
seg_summary_add(struct seg_summary *s, const char *label, double value)
{
	size_t id = label_id(s, label);

	s->count[id]++;
	s->rows++;
	if (!isnan(value)) {
		s->value[id] += value;
		s->total += value;
	}
}

static void
put_share(FILE *f, double part, double whole)
{
	putc('\t', f);
	if (whole != 0)
		tsv_put_fixed(f, part / whole, NUM_RATE_DECIMALS);
}

void
seg_summary_write(FILE *f, const struct seg_summary *s, const char *name,
                  int with_value)
{
	size_t i;

	tsv_put_str(f, name);
	fputs("\taccounts\tshare", f);
	if (with_value)
		fputs("\tvalue\tvalue_share", f);
	putc('\n', f);
	for (i = 0; i < strmap_count(s->labels); i++) {
		const char *label = strmap_key(s->labels, i);

		if (*label == '\0' && s->count[i] == 0)
			continue;
		tsv_put_str(f, label);
		putc('\t', f);
		tsv_put_long(f, (long long)s->count[i]);
		put_share(f, (double)s->count[i], (double)s->rows);
		if (with_value) {
			putc('\t', f);
			tsv_put_fixed(f, s->value[i], NUM_MONEY_DECIMALS);
			put_share(f, s->value[i], s->total);
		}
		putc('\n', f);
	}
}

void
seg_summary_free(struct seg_summary *s)
{
	if (s == NULL)
		return;
	strmap_free(s->labels);
	free(s->count);
	free(s->value);
	free(s);
}

/* ---- running a method ---- */

/* -- rules -- */

/* The columns of the first header, for an "unknown column" message. */
static void
list_columns(const struct seg_input *in, char *buf, size_t size)
{
	size_t i, n = seg_input_ncols(in), used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used + 4 < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
		                 seg_input_colname(in, i));

		if (w < 0 || (size_t)w >= size - used) {
			(void)snprintf(buf + used, size - used, "...");
			break;
		}
		used += (size_t)w;
	}
}

/* Report a compile or bind error with the rule and a caret. */
static void
rule_error(const struct seg_rule *r, const char *what,
           const struct expr_error *err, const char *extra)
{
	warn("%s: %s at character %zu: %s%s", r->origin, what, err->pos + 1,
	     err->msg, extra);
	expr_show_caret(r->text, err->pos);
}

/* Compile the rules; NULL (after the message) on an error. */
static struct expr_set *
compile_rules(const struct seg_options *o)
{
	struct expr_set *set = expr_set_new();
	struct expr_error err;
	size_t i;

	for (i = 0; i < o->nrules; i++)
		if (expr_add_rule(set, o->rules[i].text, &err) != 0) {
			rule_error(&o->rules[i],
			           err.type_error ? "type error"
			                          : "syntax error",
			           &err, "");
			expr_set_free(set);
			return NULL;
		}
	return set;
}

static int
lookup(void *ctx, const char *name)
{
	return seg_input_column(ctx, name);
}

/* Resolve the columns of the rules; -1 (after the message) on an error. */
static int
bind_rules(const struct seg_options *o, struct expr_set *set,
           struct seg_input *in)
{
	struct expr_error err;
	char cols[400], extra[500];
	size_t r;

	if (expr_bind(set, lookup, in, &r, &err) == 0)
		return 0;
	list_columns(in, cols, sizeof(cols));
	(void)snprintf(extra, sizeof(extra), /* a long list is cut */
	               " (the input has: %s; quote text values)", cols);
	rule_error(&o->rules[r], "error", &err, extra);
	return -1;
}

/* The index of a column an option names; a usage error when absent. */
static int
need_column(const struct seg_input *in, const char *name, const char *option)
{
	int c = seg_input_column(in, name);

	if (c < 0)
		usage_error("%s: no column '%s' in the input", option, name);
	return c;
}

static void
declare_labels(struct seg_summary *sum, const char *const *labels, size_t n,
               const char *extra)
{
	size_t i;

	for (i = 0; i < n; i++)
		seg_summary_label(sum, labels[i]);
	if (extra)
		seg_summary_label(sum, extra);
}

/* Rules stream: compile, bind to the header, test each row as read. */
static int
run_rules(const struct seg_options *o, char **files, int nfiles)
{
	struct expr_set *set = compile_rules(o);
	struct seg_input *in;
	struct seg_summary *sum;
	const char *def = o->def ? o->def : "";
	struct expr_row row;
	int skip, vcol = -1;
	size_t i;
	FILE *out;

	if (set == NULL)
		return EXIT_USAGE;
	in = seg_input_open(files, nfiles);
	if (seg_input_ncols(in) > 0 && bind_rules(o, set, in) != 0) {
		seg_input_close(in);
		expr_set_free(set);
		return EXIT_USAGE;
	}
	sum = seg_summary_new();
	skip = seg_input_column(in, o->name);
	if (o->value)
		vcol = need_column(in, o->value, "--value");
	for (i = 0; i < expr_nrules(set); i++)
		seg_summary_label(sum, expr_rule_name(set, i));
	seg_summary_label(sum, def);
	out = output_open(o->output);
	if (!o->summary && seg_input_ncols(in) > 0)
		seg_write_header(out, in, skip, o->name);
	progress_start(o->progress, "rows");
	while (seg_input_next(in, &row)) {
		long k = expr_match(set, &row);
		const char *label =
		    k >= 0 ? expr_rule_name(set, (size_t)k) : def;

		if (o->summary)
			seg_summary_add(
			    sum, label,
			    seg_field_number(&row, vcol, o->value, 0));
		else
			seg_write_row(out, &row, skip, label);
		progress_update(seg_input_rows(in), seg_input_bytes(in));
	}
	progress_end();
	if (o->summary)
		seg_summary_write(out, sum, o->name, o->value != NULL);
	output_close(out);
	seg_summary_free(sum);
	seg_input_close(in);
	expr_set_free(set);
	return EXIT_OK;
}

/* -- quantile methods -- */

static const char *const tier_names[26] = {
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
    "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};

static const char *const grid_levels[3] = {"low", "medium", "high"};

/* The labels "1", "2", ... "1000" (made once, kept for the run). */
static const char *const *
number_labels(void)
{
	static char text[1000][12];
	static const char *labels[1000];
	int k;

	if (labels[0] == NULL)
		for (k = 0; k < 1000; k++) {
			(void)snprintf(text[k], sizeof(text[k]), "%d", k + 1);
			labels[k] = text[k];
		}
	return labels;
}

/* The labels of the method, in order, and how many. */
static const char *const *
method_labels(const struct seg_options *o, size_t *n)
{
	switch (o->method) {
	case SEG_TIERS:
		*n = (size_t)o->nshares;
		return tier_names;
	case SEG_NTILE:
		*n = (size_t)o->ntile;
		return number_labels();
	default:
		*n = 9;
		return o->has_cells ? (const char *const *)o->cells
		                    : seg_matrix_cells;
	}
}

/*
 * The scales of a quantile method (levels ascending): --ntile and --tiers
 * one, named by the column; --matrix two, value and risk ("-COL" for a
 * reversed risk column).  tiers_up holds the tier names from the last
 * tier up to A; risk_name the reversed risk column's name.
 */
static void
quantile_scales(const struct seg_options *o, struct seg_cuts *c,
                const char **tiers_up, char **risk_name)
{
	int k;

	memset(c, 0, sizeof(*c));
	*risk_name = NULL;
	switch (o->method) {
	case SEG_TIERS:
		for (k = 0; k < o->nshares; k++)
			tiers_up[k] = tier_names[o->nshares - 1 - k];
		seg_cuts_scale(c, 0, o->col, tiers_up, o->nshares);
		break;
	case SEG_NTILE:
		seg_cuts_scale(c, 0, o->col, number_labels(), o->ntile);
		break;
	default:
		if (o->risk_reverse) {
			*risk_name = xmalloc(strlen(o->risk_col) + 2);
			(*risk_name)[0] = '-';
			memcpy(*risk_name + 1, o->risk_col,
			       strlen(o->risk_col) + 1);
		}
		seg_cuts_scale(c, 0, o->value_col, grid_levels, 3);
		seg_cuts_scale(c, 1, *risk_name ? *risk_name : o->risk_col,
		               grid_levels, 3);
	}
}

/*
 * The level (ascending, -1 when missing) of each of n values of scale k:
 * by the cut points of cuts when not NULL, else by the method.
 */
static void
scale_levels(const struct seg_options *o, const struct seg_cuts *cuts, int k,
             const double *v, size_t n, int *level)
{
	double rcuts[2];
	size_t i;

	if (cuts) {
		for (i = 0; i < n; i++)
			level[i] = seg_cuts_level(cuts, k, v[i]);
		return;
	}
	switch (o->method) {
	case SEG_TIERS:
		seg_tiers(v, n, o->shares, o->nshares, level);
		for (i = 0; i < n; i++)
			if (level[i] >= 0)
				level[i] = o->nshares - 1 - level[i];
		return;
	case SEG_NTILE:
		seg_ntile(v, n, o->ntile, level);
		for (i = 0; i < n; i++)
			if (level[i] > 0)
				level[i]--;
		return;
	default:
		if (k == 0) {
			seg_levels(v, n, o->has_vcuts ? o->vcuts : NULL, level);
			return;
		}
		/* a reversed risk column was negated when read */
		rcuts[0] = o->risk_reverse ? -o->rcuts[1] : o->rcuts[0];
		rcuts[1] = o->risk_reverse ? -o->rcuts[0] : o->rcuts[1];
		seg_levels(v, n, o->has_rcuts ? rcuts : NULL, level);
	}
}

/* Each row's label index (-1: missing) from the levels of its scales. */
static void
labels_of_levels(const struct seg_options *o, const int *la, const int *lb,
                 size_t n, int *label)
{
	size_t i;

	for (i = 0; i < n; i++)
		label[i] = la[i] < 0                ? -1
		           : o->method == SEG_TIERS ? o->nshares - 1 - la[i]
		           : o->method == SEG_NTILE ? la[i]
		           : lb[i] < 0              ? -1
		                       : seg_matrix_cell(la[i], lb[i]);
}

/* Write the cuts file c to path (after the main output is closed). */
static void
write_cuts(const char *path, const struct seg_cuts *c)
{
	FILE *f = output_open(path);

	seg_cuts_write(f, c);
	output_close(f);
}

/* The values a quantile method reads: one or two scales, the rows. */
struct quantile_input {
	struct seg_input *in;
	struct seg_rows *rows;
	struct dvec a, b, val;
	int skip;
};

/* Read the account table: values of the scales, rows or summary values. */
static int
read_table(const struct seg_options *o, char **files, int nfiles,
           struct quantile_input *q)
{
	const char *acol = o->method == SEG_MATRIX ? o->value_col : o->col;
	const char *opt = o->method == SEG_TIERS   ? "--tiers"
	                  : o->method == SEG_NTILE ? "--ntile"
	                                           : "--matrix";
	struct expr_row row;
	int ca, cb = -1, cv = -1;

	q->in = seg_input_open(files, nfiles);
	if (seg_input_ncols(q->in) == 0) /* no input at all */
		return 0;
	ca = need_column(q->in, acol, opt);
	if (o->method == SEG_MATRIX)
		cb = need_column(q->in, o->risk_col, opt);
	if (o->value)
		cv = need_column(q->in, o->value, "--value");
	q->skip = seg_input_column(q->in, o->name);
	progress_start(o->progress, "rows");
	while (seg_input_next(q->in, &row)) {
		dvec_push(&q->a, seg_field_number(&row, ca, acol,
		                                  o->method == SEG_TIERS));
		if (cb >= 0)
			dvec_push(&q->b, (o->risk_reverse ? -1 : 1) *
			                     seg_field_number(&row, cb,
			                                      o->risk_col, 0));
		if (o->summary)
			dvec_push(&q->val,
			          seg_field_number(&row, cv, o->value, 0));
		else if (!o->partial)
			seg_rows_add(q->rows, &row, q->skip);
		progress_update(seg_input_rows(q->in), seg_input_bytes(q->in));
	}
	progress_end();
	return 1;
}

/* --partial: the distribution of each scale. */
static void
write_partial(const struct seg_options *o, const struct seg_cuts *c,
              struct quantile_input *q)
{
	FILE *out = output_open(o->output);

	seg_partial_header(out);
	seg_partial_write(out, c->scale[0].name, q->a.v, q->a.n, 0);
	if (c->nscales > 1)
		seg_partial_write(out, c->scale[1].name, q->b.v, q->b.n, 0);
	output_close(out);
}

/* --merge: the values of the scales from partial files. */
static void
read_partials(const struct seg_cuts *c, char **files, int nfiles,
              struct quantile_input *q)
{
	struct seg_partial_scale ps[2];
	int k;

	memset(ps, 0, sizeof(ps));
	for (k = 0; k < c->nscales; k++)
		ps[k].name = c->scale[k].name;
	seg_partial_read(files, nfiles, ps, c->nscales);
	q->a = ps[0].values;
	q->b = ps[1].values;
}

/* Write the rows (or the summary) with their labels. */
static void
write_labelled(const struct seg_options *o, struct quantile_input *q,
               const int *label)
{
	struct seg_summary *sum = seg_summary_new();
	const char *const *labels;
	size_t i, nlabels;
	FILE *out;

	labels = method_labels(o, &nlabels);
	declare_labels(sum, labels, nlabels, o->missing);
	out = output_open(o->output);
	if (!o->summary)
		seg_write_header(out, q->in, q->skip, o->name);
	for (i = 0; i < q->a.n; i++) {
		const char *l = label[i] < 0 ? o->missing : labels[label[i]];

		if (o->summary)
			seg_summary_add(sum, l, o->value ? q->val.v[i] : NAN);
		else
			seg_rows_write(out, q->rows, i, l);
	}
	if (o->summary)
		seg_summary_write(out, sum, o->name, o->value != NULL);
	output_close(out);
	seg_summary_free(sum);
}

static void
run_quantile(const struct seg_options *o, char **files, int nfiles)
{
	struct quantile_input q;
	struct seg_cuts c;
	const char *tiers_up[26];
	char *risk_name;
	int *la, *lb, *label;
	size_t n;

	memset(&q, 0, sizeof(q));
	q.rows = seg_rows_new();
	quantile_scales(o, &c, tiers_up, &risk_name);
	if (o->merge) {
		read_partials(&c, files, nfiles, &q);
	} else if (!read_table(o, files, nfiles, &q)) {
		output_close(output_open(o->output));
		goto done;
	}
	if (o->partial) {
		write_partial(o, &c, &q);
		goto done;
	}
	if (o->cuts)
		seg_cuts_read(o->cuts, &c);
	n = q.a.n;
	la = xmalloc((n ? n : 1) * sizeof(*la));
	lb = xmalloc((n ? n : 1) * sizeof(*lb));
	label = xmalloc((n ? n : 1) * sizeof(*label));
	scale_levels(o, o->cuts ? &c : NULL, 0, q.a.v, n, la);
	if (o->method == SEG_MATRIX)
		scale_levels(o, o->cuts ? &c : NULL, 1, q.b.v, q.b.n, lb);
	if (o->merge || o->cuts_out) {
		seg_cuts_derive(&c, 0, q.a.v, la, n);
		if (o->method == SEG_MATRIX)
			seg_cuts_derive(&c, 1, q.b.v, lb, q.b.n);
	}
	if (o->merge) {
		write_cuts(o->output, &c);
	} else {
		labels_of_levels(o, la, lb, n, label);
		write_labelled(o, &q, label);
		if (o->cuts_out)
			write_cuts(o->cuts_out, &c);
	}
	free(la);
	free(lb);
	free(label);
done:
	seg_cuts_free(&c);
	free(risk_name);
	dvec_free(&q.a);
	dvec_free(&q.b);
	dvec_free(&q.val);
	seg_rows_free(q.rows);
	seg_input_close(q.in);
}

/* -- RFM -- */

/* A day as YYYY-MM-DD for a message. */
static const char *
date_str(int day)
{
	static char buf[16];

	date_format(day, buf);
	return buf;
}

static const char *const rfm_scale_names[3] = {"-recency", "frequency",
                                               "monetary"};

/* The three RFM scales, levels "1".."bins", and the as-of row. */
static void
rfm_scales(const struct seg_options *o, struct seg_cuts *c)
{
	int k;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < 3; k++)
		seg_cuts_scale(c, k, rfm_scale_names[k], number_labels(),
		               o->bins);
	c->has_as_of = 1;
	c->as_of = INT_MIN;
}

/*
 * Score every account: rfm_prepare() against as_of, then each scale by
 * quantiles or, with cuts, by its cut points; with derive, set the cut
 * points of c from the scores.
 */
static void
rfm_score_scales(const struct seg_options *o, struct rfm *r, int as_of,
                 struct seg_cuts *c, int use_cuts, int derive)
{
	size_t i, n = rfm_count(r);
	double *v = xmalloc((n ? n : 1) * sizeof(*v));
	int *s = xmalloc((n ? n : 1) * sizeof(*s)), k;

	rfm_prepare(r, as_of);
	for (k = 0; k < 3; k++) {
		rfm_values(r, (enum rfm_scale)k, v);
		if (use_cuts)
			for (i = 0; i < n; i++)
				s[i] = seg_cuts_level(c, k, v[i]) + 1;
		else
			seg_ntile(v, n, o->bins, s);
		rfm_set_scores(r, (enum rfm_scale)k, s);
		if (derive) {
			for (i = 0; i < n; i++)
				s[i]--;
			seg_cuts_derive(c, k, v, s, n);
		}
	}
	free(v);
	free(s);
}

/* --partial: last order days, frequencies, monetary values, latest day. */
static void
write_rfm_partial(const struct seg_options *o, struct rfm *r, int latest)
{
	size_t i, n = rfm_count(r);
	double *v = xmalloc((n ? n : 1) * sizeof(*v)), day;
	FILE *out = output_open(o->output);

	rfm_prepare(r, 0); /* rounds monetary; recency is not written */
	seg_partial_header(out);
	for (i = 0; i < n; i++)
		v[i] = rfm_last_day(r, i);
	seg_partial_write(out, "last_order", v, n, 1);
	rfm_values(r, RFM_FREQUENCY, v);
	seg_partial_write(out, "frequency", v, n, 0);
	rfm_values(r, RFM_MONETARY, v);
	seg_partial_write(out, "monetary", v, n, 0);
	if (latest != INT_MIN) {
		day = latest;
		seg_partial_write(out, "latest", &day, 1, 1);
	}
	if (o->as_of != INT_MIN) {
		day = o->as_of;
		seg_partial_write(out, "as-of", &day, 1, 1);
	}
	output_close(out);
	free(v);
}

/* The as-of day of the parts: the one all give, else their latest day. */
static int
merged_as_of(const struct seg_partial_scale *latest,
             const struct seg_partial_scale *as_of, int nfiles, int want)
{
	int day = INT_MIN;
	size_t i;

	if (want != INT_MIN &&
	    (as_of->values.n == 0 || as_of->values.v[0] != (double)want))
		die(EXIT_DATA,
		    "--as-of: the parts were not made with "
		    "--as-of %s (give it to every --partial run)",
		    date_str(want));
	if (as_of->values.n > 0) {
		for (i = 1; i < as_of->values.n; i++)
			if (as_of->values.v[i] != as_of->values.v[0])
				die(EXIT_DATA, "the parts were made with "
				               "different --as-of days");
		if (as_of->files != (size_t)(nfiles > 0 ? nfiles : 1))
			die(EXIT_DATA, "some parts were made with --as-of, "
			               "some without");
		return (int)as_of->values.v[0];
	}
	for (i = 0; i < latest->values.n; i++)
		if (latest->values.v[i] > day)
			day = (int)latest->values.v[i];
	return day;
}

/* --merge of RFM parts: the scores of all accounts give the cuts. */
static void
run_rfm_merge(const struct seg_options *o, char **files, int nfiles)
{
	static const char *const names[5] = {"last_order", "frequency",
	                                     "monetary", "latest", "as-of"};
	struct seg_partial_scale ps[5];
	struct seg_cuts c;
	struct dvec *v;
	size_t i, n;
	int k, *s;

	memset(ps, 0, sizeof(ps));
	for (k = 0; k < 5; k++) {
		ps[k].name = names[k];
		ps[k].is_date = k == 0 || k >= 3;
	}
	seg_partial_read(files, nfiles, ps, 5);
	rfm_scales(o, &c);
	c.as_of = merged_as_of(&ps[3], &ps[4], nfiles, o->as_of);
	for (i = 0; i < ps[0].values.n; i++) /* -recency */
		ps[0].values.v[i] -= c.as_of;
	for (k = 0; k < 3; k++) {
		v = &ps[k].values;
		n = v->n;
		s = xmalloc((n ? n : 1) * sizeof(*s));
		seg_ntile(v->v, n, o->bins, s);
		for (i = 0; i < n; i++)
			s[i]--;
		seg_cuts_derive(&c, k, v->v, s, n);
		free(s);
	}
	write_cuts(o->output, &c);
	seg_cuts_free(&c);
	for (k = 0; k < 5; k++)
		dvec_free(&ps[k].values);
}

static void
run_rfm(const struct seg_options *o, char **files, int nfiles)
{
	struct event_reader *er;
	struct rfm *r;
	struct rfm_table *table;
	struct seg_summary *sum;
	const char *def = o->def ? o->def : "";
	unsigned long bad;
	struct event ev;
	struct seg_cuts c;
	int as_of, latest;
	size_t i;
	FILE *out;

	if (o->merge) {
		run_rfm_merge(o, files, nfiles);
		return;
	}
	rfm_scales(o, &c);
	c.as_of = o->as_of; /* the file's as-of must be this one */
	if (o->cuts)
		seg_cuts_read(o->cuts, &c); /* before the events: the as-of */
	as_of = o->cuts ? c.as_of : o->as_of;
	er = event_reader_open(files, nfiles);
	r = rfm_new(as_of != INT_MIN ? as_of : INT_MAX);
	progress_start(o->progress, "events");
	while (event_next(er, &ev)) {
		rfm_add(r, &ev);
		progress_update(event_reader_count(er), event_reader_bytes(er));
	}
	progress_end();
	latest = event_reader_max_day(er);
	if (as_of == INT_MIN)
		as_of = latest;
	event_reader_report_unknown(er, o->quiet);
	bad = event_reader_close(er);
	if (bad)
		die(EXIT_DATA, "%lu bad event row%s", bad, bad == 1 ? "" : "s");
	if (o->partial) {
		write_rfm_partial(o, r, latest);
		seg_cuts_free(&c);
		rfm_free(r);
		return;
	}
	c.as_of = as_of;
	rfm_score_scales(o, r, as_of, &c, o->cuts != NULL, o->cuts_out != NULL);
	table = o->segments ? rfm_table_read(o->segments, o->bins)
	                    : rfm_table_default();
	sum = seg_summary_new();
	for (i = 0; i < rfm_table_count(table); i++)
		seg_summary_label(sum, rfm_table_name(table, i));
	seg_summary_label(sum, def);
	out = output_open(o->output);
	if (!o->summary)
		rfm_write_header(out, o->name);
	for (i = 0; i < rfm_count(r); i++) {
		int rs, fs, ms;
		const char *l;

		rfm_scores(r, i, &rs, &fs, &ms);
		l = rfm_table_lookup(table, o->bins, rs, fs, ms);
		if (l == NULL)
			l = def;
		if (o->summary)
			seg_summary_add(sum, l, rfm_monetary(r, i));
		else
			rfm_write_row(out, r, i, l);
	}
	if (o->summary)
		seg_summary_write(out, sum, o->name, 1);
	output_close(out);
	if (o->cuts_out)
		write_cuts(o->cuts_out, &c);
	seg_cuts_free(&c);
	seg_summary_free(sum);
	rfm_table_free(table);
	rfm_free(r);
}

int
seg_run(const struct seg_options *o, char **files, int nfiles)
{
	if (o->method == SEG_RFM)
		run_rfm(o, files, nfiles);
	else if (o->method == SEG_RULES)
		return run_rules(o, files, nfiles);
	else
		run_quantile(o, files, nfiles);
	return EXIT_OK;
}
