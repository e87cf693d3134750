/*
 * rm-segment - give every account a segment: RFM, ABC tiers, ntiles,
 * rules, or the value x risk grid.
 *
 * Options and flow only: the rule language is lib/expr.c, RFM lib/rfm.c,
 * the quantile methods, input and summary lib/segment.c.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "event.h"
#include "expr.h"
#include "input.h"
#include "num.h"
#include "output.h"
#include "rfm.h"
#include "segment.h"
#include "stats.h"
#include "xalloc.h"

static const char usage_text[] =
    "usage: rm-segment METHOD [options] [FILE...]\n"
    "Append a segment column to an account table (or, with --rfm, build\n"
    "one from order events).  No FILE or '-': stdin; gzip allowed.\n"
    "\n"
    "Methods (one per run; chain runs for more):\n"
    "  -f, --rfm                 RFM scores and segments from order events\n"
    "  -t, --tiers COL[=80,15,5] ABC tiers by cumulative share of COL\n"
    "  -n, --ntile COL=N         N equal-count bins of COL (1 = lowest)\n"
    "  -r, --rule 'NAME: EXPR'   a rule (repeatable; first match wins)\n"
    "  -R, --rules FILE          rules, one 'NAME: EXPR' a line\n"
    "  -x, --matrix VAL,RISK     3 x 3 value x risk grid with named cells\n"
    "                            (-RISK: a higher value is less risk)\n"
    "\n"
    "Options:\n"
    "  -N, --name COL            output column (default segment)\n"
    "  -d, --default NAME        label when no rule (or RFM segment) "
    "matches\n"
    "  -m, --missing NAME        label for a missing value (default empty)\n"
    "  -a, --as-of DATE          RFM: recency measured to DATE (default:\n"
    "                            the latest date in the input)\n"
    "  -b, --bins N              RFM: scores 1..N, 2 to 9 (default 5)\n"
    "  -S, --segments FILE       RFM: segment table (NAME, R, F, M "
    "ranges)\n"
    "      --value-cuts A,B      matrix: value cut points (default "
    "tertiles)\n"
    "      --risk-cuts A,B       matrix: risk cut points (default "
    "tertiles)\n"
    "      --cells N1,...,N9     matrix: the nine cell names\n"
    "  -s, --summary             per segment: accounts, share (and value)\n"
    "  -v, --value COL           summary: sum and share of COL\n"
    "  -o, --output FILE         write to FILE (atomically)\n"
    "  -q, --quiet               no progress, no notes\n"
    "      --progress            show progress on stderr\n"
    "  -h, --help                this help\n"
    "  -V, --version             version\n"
    "See rm-segment(1) for the rule language and the RFM segment table.\n";

enum method { NONE, RFM, TIERS, NTILE, RULES, MATRIX };

/* A rule and where it came from, for messages. */
struct rule_src {
	char *text;
	char *origin; /* "--rule 2" or "FILE:LINE" */
};

struct options {
	enum method method;
	int nmethods;
	const char *name, *def, *missing, *segments, *value, *output;
	int as_of, bins, summary, quiet;
	enum progress_mode progress;
	char *col; /* tiers, ntile: the column */
	double shares[26];
	int nshares, ntile;
	char *value_col, *risk_col;
	double vcuts[2], rcuts[2];
	int has_vcuts, has_rcuts;
	int risk_reverse; /* "-COL": a higher value is less risk */
	char *cells[9];
	int has_cells;
	struct rule_src *rules;
	size_t nrules, rcap;
};

static void
set_method(struct options *o, enum method m)
{
	if (o->method != m)
		o->nmethods++;
	o->method = m;
}

static void
add_rule(struct options *o, const char *text, const char *origin)
{
	grow_array((void **)&o->rules, &o->rcap, o->nrules + 1,
	           sizeof(*o->rules));
	o->rules[o->nrules].text = xstrdup(text);
	o->rules[o->nrules].origin = xstrdup(origin);
	o->nrules++;
}

/*
 * Read a rules file: "NAME: EXPR" a line; a line starting with a blank
 * continues the rule before it; blank lines and '#' comments are skipped.
 */
static void
read_rules(struct options *o, const char *path)
{
	struct input *in = input_open(path);
	char *line, *text = NULL, origin[512];
	size_t len;

	while (input_getline(in, &line, &len)) {
		size_t i = 0;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len || line[i] == '#')
			continue;
		if (i > 0 && text) {
			size_t n = strlen(text);

			text = xrealloc(text, n + len - i + 2);
			text[n] = ' ';
			memcpy(text + n + 1, line + i, len - i);
			text[n + 1 + len - i] = '\0';
			continue;
		}
		if (text) {
			add_rule(o, text, origin);
			free(text);
		}
		text = xmemdup(line + i, len - i);
		snprintf(origin, sizeof(origin), "%s:%ld", input_name(in),
		         input_lineno(in));
	}
	if (text) {
		add_rule(o, text, origin);
		free(text);
	}
	input_close(in);
}

/* Split "a,b" into two numbers with a <= b. */
static void
parse_cuts(const char *arg, const char *option, double *cuts)
{
	const char *comma = strchr(arg, ',');

	if (comma == NULL ||
	    num_parse(arg, (size_t)(comma - arg), &cuts[0]) != 0 ||
	    num_parse(comma + 1, strlen(comma + 1), &cuts[1]) != 0 ||
	    cuts[0] > cuts[1])
		usage_error("invalid %s '%s' (want two numbers A,B with A <= "
		            "B)",
		            option, arg);
}

/* --tiers COL[=S1,S2,...]: shares in percent summing to 100. */
static void
parse_tiers(struct options *o, const char *arg)
{
	char *eq = strrchr(arg, '=');
	const char *p;
	double sum = 0;

	o->col = eq ? xmemdup(arg, (size_t)(eq - arg)) : xstrdup(arg);
	if (eq == NULL) {
		o->shares[0] = 80;
		o->shares[1] = 15;
		o->shares[2] = 5;
		o->nshares = 3;
		return;
	}
	o->nshares = 0;
	for (p = eq + 1;; p++) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		double v;

		if (o->nshares == 26 || num_parse(p, len, &v) != 0 || v <= 0)
			usage_error("invalid --tiers '%s' (want COL=S1,S2,... "
			            "with 2 to 26 shares in percent above 0)",
			            arg);
		o->shares[o->nshares++] = v;
		sum += v;
		if (e == NULL)
			break;
		p = e;
	}
	if (o->nshares < 2 || *o->col == '\0' || fabs(sum - 100) > 1e-6)
		usage_error("invalid --tiers '%s' (want COL=S1,S2,... with 2 "
		            "to 26 shares summing to 100)",
		            arg);
}

static void
parse_ntile(struct options *o, const char *arg)
{
	char *eq = strrchr(arg, '=');

	if (eq == NULL || eq == arg)
		usage_error("invalid --ntile '%s' (want COL=N)", arg);
	o->col = xmemdup(arg, (size_t)(eq - arg));
	o->ntile = (int)cli_parse_long(eq + 1, "--ntile N", 2, 1000);
}

static void
parse_matrix(struct options *o, const char *arg)
{
	const char *comma = strchr(arg, ',');

	if (comma == NULL || comma == arg || comma[1] == '\0')
		usage_error("invalid --matrix '%s' (want VALUE_COL,RISK_COL)",
		            arg);
	o->value_col = xmemdup(arg, (size_t)(comma - arg));
	o->risk_reverse = comma[1] == '-' && comma[2] != '\0';
	o->risk_col = xstrdup(comma + 1 + o->risk_reverse);
}

static void
parse_cells(struct options *o, const char *arg)
{
	const char *p = arg;
	int k;

	for (k = 0; k < 9; k++) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if ((e == NULL) != (k == 8) || len == 0)
			usage_error("invalid --cells '%s' (want 9 names "
			            "separated by commas)",
			            arg);
		o->cells[k] = xmemdup(p, len);
		p = e ? e + 1 : p;
	}
	o->has_cells = 1;
}

static void
parse_options(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"rfm", no_argument, NULL, 'f'},
	    {"tiers", required_argument, NULL, 't'},
	    {"ntile", required_argument, NULL, 'n'},
	    {"rule", required_argument, NULL, 'r'},
	    {"rules", required_argument, NULL, 'R'},
	    {"matrix", required_argument, NULL, 'x'},
	    {"name", required_argument, NULL, 'N'},
	    {"default", required_argument, NULL, 'd'},
	    {"missing", required_argument, NULL, 'm'},
	    {"as-of", required_argument, NULL, 'a'},
	    {"bins", required_argument, NULL, 'b'},
	    {"segments", required_argument, NULL, 'S'},
	    {"value-cuts", required_argument, NULL, 1},
	    {"risk-cuts", required_argument, NULL, 2},
	    {"cells", required_argument, NULL, 3},
	    {"summary", no_argument, NULL, 's'},
	    {"value", required_argument, NULL, 'v'},
	    {"output", required_argument, NULL, 'o'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"progress", no_argument, NULL, CLI_OPT_PROGRESS},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	char origin[32];
	int c, nrule = 0;

	while ((c = getopt_long(argc, argv, "ft:n:r:R:x:N:d:m:a:b:S:sv:o:qhV",
	                        longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			set_method(o, RFM);
			break;
		case 't':
			set_method(o, TIERS);
			free(o->col);
			parse_tiers(o, optarg);
			break;
		case 'n':
			set_method(o, NTILE);
			free(o->col);
			parse_ntile(o, optarg);
			break;
		case 'r':
			set_method(o, RULES);
			snprintf(origin, sizeof(origin), "--rule %d", ++nrule);
			add_rule(o, optarg, origin);
			break;
		case 'R':
			set_method(o, RULES);
			read_rules(o, optarg);
			break;
		case 'x':
			set_method(o, MATRIX);
			free(o->value_col);
			free(o->risk_col);
			parse_matrix(o, optarg);
			break;
		case 'N':
			if (*optarg == '\0')
				usage_error("invalid --name '' (want a column "
				            "name)");
			o->name = optarg;
			break;
		case 'd':
			o->def = optarg;
			break;
		case 'm':
			o->missing = optarg;
			break;
		case 'a':
			o->as_of = cli_parse_date(optarg, "--as-of");
			break;
		case 'b':
			o->bins = (int)cli_parse_long(optarg, "--bins", 2, 9);
			break;
		case 'S':
			o->segments = optarg;
			break;
		case 1:
			parse_cuts(optarg, "--value-cuts", o->vcuts);
			o->has_vcuts = 1;
			break;
		case 2:
			parse_cuts(optarg, "--risk-cuts", o->rcuts);
			o->has_rcuts = 1;
			break;
		case 3:
			parse_cells(o, optarg);
			break;
		case 's':
			o->summary = 1;
			break;
		case 'v':
			o->value = optarg;
			break;
		default:
			cli_common_option(c, optarg, usage_text, &o->output,
					  &o->quiet, &o->progress);
			break;
		}
	}
	if (o->method == NONE)
		usage_error("choose a method: --rfm, --tiers, --ntile, --rule, "
		            "--rules or --matrix");
	if (o->method == RULES && o->nrules == 0)
		usage_error(
		    "no rules given (--rules files hold only comments)");
	if (o->nmethods > 1)
		usage_error("one method per run (chain rm-segment runs, each "
		            "with its own --name)");
	if (o->def && o->method != RULES && o->method != RFM)
		usage_error("--default applies to --rule and --rfm");
	if (o->value && !o->summary)
		usage_error("--value applies to --summary");
	if (o->value && o->method == RFM)
		usage_error("--value: the RFM summary always sums monetary");
	if (o->method != RFM &&
	    (o->segments || o->as_of != INT_MIN || o->bins != 5))
		usage_error("--as-of, --bins and --segments apply to --rfm");
	if (o->method != MATRIX &&
	    (o->has_vcuts || o->has_rcuts || o->has_cells))
		usage_error("--value-cuts, --risk-cuts and --cells apply to "
		            "--matrix");
}

/* ---- rules ---- */

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
			snprintf(buf + used, size - used, "...");
			break;
		}
		used += (size_t)w;
	}
}

/* Report a compile or bind error with the rule and a caret. */
static void
rule_error(const struct rule_src *r, const char *what,
           const struct expr_error *err, const char *extra)
{
	warn("%s: %s at character %zu: %s%s", r->origin, what, err->pos + 1,
	     err->msg, extra);
	expr_show_caret(r->text, err->pos);
}

/* Compile the rules; NULL (after the message) on an error. */
static struct expr_set *
compile_rules(const struct options *o)
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
bind_rules(const struct options *o, struct expr_set *set, struct seg_input *in)
{
	struct expr_error err;
	char cols[400], extra[500];
	size_t r;

	if (expr_bind(set, lookup, in, &r, &err) == 0)
		return 0;
	list_columns(in, cols, sizeof(cols));
	snprintf(extra, sizeof(extra),
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
run_rules(const struct options *o, char **files, int nfiles)
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

/* ---- quantile methods ---- */

static const char *const tier_names[26] = {
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
    "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};

/* The labels of the method, in order, and how many. */
static const char *const *
method_labels(const struct options *o, char **numbers, size_t *n)
{
	int k;

	switch (o->method) {
	case TIERS:
		*n = (size_t)o->nshares;
		return tier_names;
	case NTILE:
		for (k = 0; k < o->ntile; k++) {
			numbers[k] = xmalloc(12);
			snprintf(numbers[k], 12, "%d", k + 1);
		}
		*n = (size_t)o->ntile;
		return (const char *const *)numbers;
	default:
		*n = 9;
		return o->has_cells ? (const char *const *)o->cells
		                    : seg_matrix_cells;
	}
}

/* Each row's label index (-1: missing) for the quantile method. */
static void
assign(const struct options *o, const struct dvec *a, const struct dvec *b,
       int *label)
{
	size_t i, n = a->n;
	double rcuts[2];

	switch (o->method) {
	case TIERS:
		seg_tiers(a->v, n, o->shares, o->nshares, label);
		return;
	case NTILE:
		seg_ntile(a->v, n, o->ntile, label);
		for (i = 0; i < n; i++)
			if (label[i] > 0)
				label[i]--;
		return;
	default:
		/* a reversed risk column was negated when read */
		rcuts[0] = o->risk_reverse ? -o->rcuts[1] : o->rcuts[0];
		rcuts[1] = o->risk_reverse ? -o->rcuts[0] : o->rcuts[1];
		seg_matrix(a->v, b->v, n, o->has_vcuts ? o->vcuts : NULL,
		           o->has_rcuts ? rcuts : NULL, label);
	}
}

static void
run_quantile(const struct options *o, char **files, int nfiles)
{
	struct seg_input *in = seg_input_open(files, nfiles);
	struct seg_rows *rows = seg_rows_new();
	struct seg_summary *sum = seg_summary_new();
	struct dvec a = {0}, b = {0}, val = {0};
	const char *acol = o->method == MATRIX ? o->value_col : o->col;
	const char *opt = o->method == TIERS   ? "--tiers"
	                  : o->method == NTILE ? "--ntile"
	                                       : "--matrix";
	char *numbers[1000];
	const char *const *labels;
	struct expr_row row;
	int ca, cb = -1, cv = -1, skip, *label;
	size_t i, nlabels;
	FILE *out;

	if (seg_input_ncols(in) == 0) { /* no input at all */
		output_close(output_open(o->output));
		seg_input_close(in);
		seg_rows_free(rows);
		seg_summary_free(sum);
		return;
	}
	ca = need_column(in, acol, opt);
	if (o->method == MATRIX)
		cb = need_column(in, o->risk_col, opt);
	if (o->value)
		cv = need_column(in, o->value, "--value");
	skip = seg_input_column(in, o->name);
	progress_start(o->progress, "rows");
	while (seg_input_next(in, &row)) {
		dvec_push(&a,
		          seg_field_number(&row, ca, acol, o->method == TIERS));
		if (cb >= 0)
			dvec_push(
			    &b, (o->risk_reverse ? -1 : 1) *
			            seg_field_number(&row, cb, o->risk_col, 0));
		if (o->summary)
			dvec_push(&val,
			          seg_field_number(&row, cv, o->value, 0));
		else
			seg_rows_add(rows, &row, skip);
		progress_update(seg_input_rows(in), seg_input_bytes(in));
	}
	progress_end();
	label = xmalloc((a.n ? a.n : 1) * sizeof(*label));
	assign(o, &a, &b, label);
	labels = method_labels(o, numbers, &nlabels);
	declare_labels(sum, labels, nlabels, o->missing);
	out = output_open(o->output);
	if (!o->summary)
		seg_write_header(out, in, skip, o->name);
	for (i = 0; i < a.n; i++) {
		const char *l = label[i] < 0 ? o->missing : labels[label[i]];

		if (o->summary)
			seg_summary_add(sum, l, o->value ? val.v[i] : NAN);
		else
			seg_rows_write(out, rows, i, l);
	}
	if (o->summary)
		seg_summary_write(out, sum, o->name, o->value != NULL);
	output_close(out);
	if (o->method == NTILE)
		for (i = 0; i < nlabels; i++)
			free(numbers[i]);
	free(label);
	dvec_free(&a);
	dvec_free(&b);
	dvec_free(&val);
	seg_summary_free(sum);
	seg_rows_free(rows);
	seg_input_close(in);
}

/* ---- RFM ---- */

static void
run_rfm(const struct options *o, char **files, int nfiles)
{
	struct event_reader *er = event_reader_open(files, nfiles);
	struct rfm *r = rfm_new(o->as_of != INT_MIN ? o->as_of : INT_MAX);
	struct rfm_table *table = o->segments
	                              ? rfm_table_read(o->segments, o->bins)
	                              : rfm_table_default();
	struct seg_summary *sum = seg_summary_new();
	const char *def = o->def ? o->def : "";
	unsigned long bad;
	struct event ev;
	int as_of;
	size_t i;
	FILE *out;

	progress_start(o->progress, "events");
	while (event_next(er, &ev)) {
		rfm_add(r, &ev);
		progress_update(event_reader_count(er), event_reader_bytes(er));
	}
	progress_end();
	as_of = o->as_of != INT_MIN ? o->as_of : event_reader_max_day(er);
	event_reader_report_unknown(er, o->quiet);
	bad = event_reader_close(er);
	if (bad)
		die(EXIT_DATA, "%lu bad event row%s", bad, bad == 1 ? "" : "s");
	rfm_score(r, as_of, o->bins);
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
	seg_summary_free(sum);
	rfm_table_free(table);
	rfm_free(r);
}

static void
free_options(struct options *o)
{
	size_t i;

	for (i = 0; i < o->nrules; i++) {
		free(o->rules[i].text);
		free(o->rules[i].origin);
	}
	free(o->rules);
	free(o->col);
	free(o->value_col);
	free(o->risk_col);
	for (i = 0; i < 9 && o->has_cells; i++)
		free(o->cells[i]);
}

int
main(int argc, char **argv)
{
	struct options o;
	int status = EXIT_OK;

	error_init(argv[0]);
	argv[0] = (char *)progname(); /* getopt's messages too */
	memset(&o, 0, sizeof(o));
	o.name = "segment";
	o.missing = "";
	o.as_of = INT_MIN;
	o.bins = 5;
	o.progress = PROGRESS_AUTO;
	parse_options(&o, argc, argv);
	if (o.method == RFM)
		run_rfm(&o, argv + optind, argc - optind);
	else if (o.method == RULES)
		status = run_rules(&o, argv + optind, argc - optind);
	else
		run_quantile(&o, argv + optind, argc - optind);
	free_options(&o);
	seg_write_free();
	return status;
}
