/*
 * rm-segment - give every account a segment: RFM, ABC tiers, ntiles,
 * rules, or the value x risk grid.
 *
 * Options only: running a method (seg_run), input and summary are
 * lib/segment.c, the rule language lib/expr.c, RFM lib/rfm.c.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "input.h"
#include "num.h"
#include "segment.h"
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
    "      --cuts FILE           quantile methods, RFM: cut points from "
    "FILE\n"
    "      --cuts-out FILE       ... write this run's cut points to FILE\n"
    "      --partial             ... write the value distribution (a "
    "shard)\n"
    "      --merge               ... FILEs are partials: write the cut "
    "points\n"
    "  -s, --summary             per segment: accounts, share (and value)\n"
    "  -v, --value COL           summary: sum and share of COL\n"
    "  -o, --output FILE         write to FILE (atomically)\n"
    "  -q, --quiet               no progress, no notes\n"
    "      --progress            show progress on stderr\n"
    "  -h, --help                this help\n"
    "  -V, --version             version\n"
    "See rm-segment(1) for the rule language and the RFM segment table.\n";

static void
set_method(struct seg_options *o, enum seg_method m)
{
	if (o->method != m)
		o->nmethods++;
	o->method = m;
}

static void
add_rule(struct seg_options *o, const char *text, const char *origin)
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
read_rules(struct seg_options *o, const char *path)
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
		(void)snprintf(origin, sizeof(origin), "%s:%ld", input_name(in),
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
parse_tiers(struct seg_options *o, const char *arg)
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
parse_ntile(struct seg_options *o, const char *arg)
{
	char *eq = strrchr(arg, '=');

	if (eq == NULL || eq == arg)
		usage_error("invalid --ntile '%s' (want COL=N)", arg);
	o->col = xmemdup(arg, (size_t)(eq - arg));
	o->ntile = (int)cli_parse_long(eq + 1, "--ntile N", 2, 1000);
}

static void
parse_matrix(struct seg_options *o, const char *arg)
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
parse_cells(struct seg_options *o, const char *arg)
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

/* --cuts, --cuts-out, --partial, --merge: see seg_options. */
static void
check_shard_options(const struct seg_options *o)
{
	int n =
	    (o->cuts != NULL) + (o->cuts_out != NULL) + o->partial + o->merge;

	if (n == 0)
		return;
	if (n > 1)
		usage_error("--cuts, --cuts-out, --partial and --merge exclude "
		            "each other");
	if (o->method == SEG_RULES)
		usage_error(
		    "--cuts, --cuts-out, --partial and --merge apply to "
		    "--ntile, --tiers, --matrix and --rfm (rules need "
		    "no cut points)");
	if (o->has_vcuts || o->has_rcuts)
		usage_error("--cuts, --cuts-out, --partial and --merge take "
		            "the tertiles of both columns: not with "
		            "--value-cuts or --risk-cuts");
	if ((o->partial || o->merge) && o->summary)
		usage_error("--partial and --merge write no summary");
}

static void
parse_options(struct seg_options *o, int argc, char **argv)
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
	    {"cuts", required_argument, NULL, 4},
	    {"cuts-out", required_argument, NULL, 5},
	    {"partial", no_argument, NULL, 6},
	    {"merge", no_argument, NULL, 7},
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
			set_method(o, SEG_RFM);
			break;
		case 't':
			set_method(o, SEG_TIERS);
			free(o->col);
			parse_tiers(o, optarg);
			break;
		case 'n':
			set_method(o, SEG_NTILE);
			free(o->col);
			parse_ntile(o, optarg);
			break;
		case 'r':
			set_method(o, SEG_RULES);
			(void)snprintf(origin, sizeof(origin), "--rule %d",
			               ++nrule);
			add_rule(o, optarg, origin);
			break;
		case 'R':
			set_method(o, SEG_RULES);
			read_rules(o, optarg);
			break;
		case 'x':
			set_method(o, SEG_MATRIX);
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
		case 4:
			o->cuts = optarg;
			break;
		case 5:
			o->cuts_out = optarg;
			break;
		case 6:
			o->partial = 1;
			break;
		case 7:
			o->merge = 1;
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
	if (o->method == SEG_NONE)
		usage_error("choose a method: --rfm, --tiers, --ntile, --rule, "
		            "--rules or --matrix");
	if (o->method == SEG_RULES && o->nrules == 0)
		usage_error(
		    "no rules given (--rules files hold only comments)");
	if (o->nmethods > 1)
		usage_error("one method per run (chain rm-segment runs, each "
		            "with its own --name)");
	if (o->def && o->method != SEG_RULES && o->method != SEG_RFM)
		usage_error("--default applies to --rule and --rfm");
	if (o->value && !o->summary)
		usage_error("--value applies to --summary");
	if (o->value && o->method == SEG_RFM)
		usage_error("--value: the RFM summary always sums monetary");
	if (o->method != SEG_RFM &&
	    (o->segments || o->as_of != INT_MIN || o->bins != 5))
		usage_error("--as-of, --bins and --segments apply to --rfm");
	if (o->method != SEG_MATRIX &&
	    (o->has_vcuts || o->has_rcuts || o->has_cells))
		usage_error("--value-cuts, --risk-cuts and --cells apply to "
		            "--matrix");
	check_shard_options(o);
}

static void
free_options(struct seg_options *o)
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
	struct seg_options o;
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
	status = seg_run(&o, argv + optind, argc - optind);
	free_options(&o);
	seg_write_free();
	return error_status(status);
}
