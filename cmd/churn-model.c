/*
 * churn-model.c - rm-churn's customer-base model mode: per-customer
 * purchase summaries, BG/NBD (or Pareto/NBD) and Gamma-Gamma fits,
 * P(alive), expected purchases and CLV.  Options and flow only; the
 * models live in lib/clv_summary, bgnbd, paretonbd, gammagamma, clv_model.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "churnpart.h"
#include "cli.h"
#include "clv_model.h"
#include "clv_summary.h"
#include "error.h"
#include "event.h"
#include "output.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: rm-churn --model bgnbd|pareto [options] [FILE...]\n"
    "       rm-churn --summary [options] [FILE...]\n"
    "Customer-base models on order events: probability alive, expected\n"
    "purchases and customer lifetime value (BG/NBD or Pareto/NBD with\n"
    "Gamma-Gamma spend).\n"
    "\n"
    "      --model NAME      purchase model: bgnbd (default) or pareto\n"
    "      --summary         print the per-customer summary (account, x,\n"
    "                        t_x, T, monetary_value) and stop\n"
    "      --fit             print the fitted parameters, log-likelihoods,\n"
    "                        iterations and standard errors\n"
    "      --params FILE     score with these parameters (a --fit output)\n"
    "                        instead of fitting\n"
    "  -S, --from-summary    the inputs are summaries (--summary output)\n"
    "      --partial         with --summary: write a partial summary, for\n"
    "                        --merge (the as-of date of all parts is found\n"
    "                        when they are merged)\n"
    "      --merge           the inputs are partial summaries: merge them\n"
    "  -d, --as-of DATE      calibration end (default: latest date in input)\n"
    "  -u, --unit UNIT       day, week (default) or month\n"
    "      --horizon N       expected purchases in the next N units\n"
    "                        (default one year: 365, 52 or 12)\n"
    "      --months N        CLV over N months (default 12)\n"
    "      --discount RATE   monthly discount rate for CLV (default 0.01)\n"
    "  -o, --output FILE     write to FILE (atomically)\n"
    "  -q, --quiet           no progress, no notes\n"
    "      --progress        show progress on stderr\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show the version\n"
    "\n"
    "Output: one row per customer, in the order accounts first appear,\n"
    "with p_alive, expected_purchases, expected_spend and clv appended.\n"
    "See rm-churn(1) for the formulas.\n";

enum {
	OPT_SUMMARY = 256,
	OPT_FIT,
	OPT_PARAMS,
	OPT_MODEL,
	OPT_HORIZON,
	OPT_MONTHS,
	OPT_DISCOUNT,
	OPT_PARTIAL,
	OPT_MERGE
};

static const struct option long_options[] = {
    {"model", required_argument, NULL, OPT_MODEL},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"fit", no_argument, NULL, OPT_FIT},
    {"params", required_argument, NULL, OPT_PARAMS},
    {"from-summary", no_argument, NULL, 'S'},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"as-of", required_argument, NULL, 'd'},
    {"unit", required_argument, NULL, 'u'},
    {"horizon", required_argument, NULL, OPT_HORIZON},
    {"months", required_argument, NULL, OPT_MONTHS},
    {"discount", required_argument, NULL, OPT_DISCOUNT},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"progress", no_argument, NULL, CLI_OPT_PROGRESS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

struct options {
	int summary, fit, from_summary, quiet, has_model, has_unit, has_horizon,
	    has_as_of, partial, merge;
	const char *params, *output;
	enum clv_kind kind;
	enum clv_unit unit;
	int as_of;
	struct clv_score_options score;
	enum progress_mode progress;
};

static void
parse_options(int argc, char **argv, struct options *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->unit = CLV_WEEK;
	o->score.months = 12;
	o->score.discount = 0.01;
	o->progress = PROGRESS_AUTO;
	while ((c = getopt_long(argc, argv, "Sd:u:o:qhV", long_options,
	                        NULL)) != -1) {
		switch (c) {
		case OPT_MODEL:
			if (clv_kind_parse(optarg, &o->kind) != 0)
				usage_error("invalid --model '%s' (want bgnbd "
				            "or pareto)",
				            optarg);
			o->has_model = 1;
			break;
		case OPT_SUMMARY:
			o->summary = 1;
			break;
		case OPT_FIT:
			o->fit = 1;
			break;
		case OPT_PARAMS:
			o->params = optarg;
			break;
		case 'S':
			o->from_summary = 1;
			break;
		case OPT_PARTIAL:
			o->partial = 1;
			break;
		case OPT_MERGE:
			o->merge = 1;
			break;
		case 'd':
			o->as_of = cli_parse_date(optarg, "--as-of");
			o->has_as_of = 1;
			break;
		case 'u':
			if (clv_unit_parse(optarg, &o->unit) != 0)
				usage_error("invalid --unit '%s' (want day, "
				            "week or month)",
				            optarg);
			o->has_unit = 1;
			break;
		case OPT_HORIZON:
			o->score.horizon =
			    cli_parse_double(optarg, "--horizon", 0, 1e6);
			o->has_horizon = 1;
			break;
		case OPT_MONTHS:
			o->score.months =
			    (int)cli_parse_long(optarg, "--months", 0, 1200);
			break;
		case OPT_DISCOUNT:
			o->score.discount =
			    cli_parse_double(optarg, "--discount", 0, 1);
			break;
		default:
			cli_common_option(c, optarg, usage, &o->output,
			                  &o->quiet, &o->progress);
			break;
		}
	}
	if (o->summary && (o->fit || o->params || o->has_model))
		usage_error("--summary prints the summary only; it does not go "
		            "with --model, --fit or --params");
	if (o->fit && o->params)
		usage_error("--fit and --params exclude each other");
	if (o->summary && o->from_summary)
		usage_error("--summary and --from-summary exclude each other");
	if (o->from_summary && o->has_as_of)
		usage_error("--as-of does not apply to --from-summary input");
	if (o->partial && !o->summary)
		usage_error("--partial goes with --summary");
	if (o->merge && o->from_summary)
		usage_error("--merge and --from-summary exclude each other");
}

/* Read order events into a summary as of --as-of (default: latest). */
static struct clv_summary *
summary_from_events(char **paths, int npaths, const struct options *o,
                    int *as_of_out)
{
	struct event_reader *r = event_reader_open(paths, npaths);
	struct clv_builder *b = clv_builder_new();
	struct event ev;
	unsigned long bad;
	int as_of;

	progress_start(o->progress, "events");
	while (event_next(r, &ev)) {
		clv_builder_add(b, &ev);
		if ((event_reader_count(r) & 0xffff) == 0)
			progress_update(event_reader_count(r),
			                event_reader_bytes(r));
	}
	progress_end();
	event_reader_report_unknown(r, o->quiet);
	as_of = o->has_as_of ? o->as_of : event_reader_max_day(r);
	bad = event_reader_close(r);
	if (bad)
		die(EXIT_DATA, "%lu bad input row%s", bad, bad == 1 ? "" : "s");
	*as_of_out = as_of;
	return clv_builder_finish(b, as_of == INT_MIN ? 0 : as_of, o->unit);
}

/*
 * --merge: the partial summaries, as of --as-of (which must be the parts'
 * own when they were made with one, and not before any part's latest
 * date) or the latest as-of date of the parts.
 */
static struct clv_summary *
summary_from_partials(char **paths, int npaths, const struct options *o,
                      char **sig, int *as_of_out)
{
	struct clv_merge *m = clv_merge_new();
	char made[DATE_BUFSIZE], given[DATE_BUFSIZE];
	const char *p;
	int i, as_of;

	for (i = 0; i < npaths || (npaths == 0 && i == 0); i++)
		clv_merge_read(m, npaths ? paths[i] : "-");
	as_of = clv_merge_as_of(m);
	*sig = xstrdup(clv_merge_signature(m));
	if (o->has_as_of) {
		date_format(o->as_of, given);
		p = strstr(*sig, " as-of=");
		if (p && p[7] && strncmp(p + 7, given, 10) != 0)
			die(EXIT_DATA,
			    "the parts were made with --as-of %.10s, not %s",
			    p + 7, given);
		if (as_of != INT_MIN && as_of > o->as_of) {
			date_format(as_of, made);
			die(EXIT_DATA,
			    "a part has events up to %s, after --as-of %s "
			    "(give the parts --as-of %s)",
			    made, given, given);
		}
		as_of = o->as_of;
	}
	*as_of_out = as_of;
	return clv_merge_finish(m, as_of == INT_MIN ? 0 : as_of, o->unit);
}

static struct clv_summary *
summary_from_tables(char **paths, int npaths)
{
	struct clv_summary *s = clv_summary_new();
	int i;

	if (npaths == 0)
		clv_summary_read(s, "-");
	for (i = 0; i < npaths; i++)
		clv_summary_read(s, paths[i]);
	return s;
}

/* The signature of a partial summary made from events (churnpart.h). */
static char *
partial_signature(const struct options *o)
{
	char as_of[DATE_BUFSIZE] = "";
	const char *pairs[2] = {"as-of", as_of};

	if (o->has_as_of)
		date_format(o->as_of, as_of);
	return cp_signature("summary", 1, pairs);
}

/* One year in the unit, the default --horizon. */
static double
default_horizon(enum clv_unit unit)
{
	static const double year[] = {365, 52, 12};

	return year[unit];
}

int
cmd_churn_model(int argc, char **argv)
{
	struct options o;
	struct clv_summary *s;
	struct clv_groups *g;
	struct clv_model m;
	char *sig = NULL;
	int as_of = INT_MIN;
	FILE *out;

	parse_options(argc, argv, &o);
	memset(&m, 0, sizeof(m));
	if (o.params) {
		clv_model_read(&m, o.params);
		if (o.has_model && m.kind != o.kind)
			usage_error("--model %s, but '%s' holds %s parameters",
			            clv_kind_name(o.kind), o.params,
			            clv_kind_name(m.kind));
		if (o.has_unit && m.unit != o.unit)
			usage_error("--unit %s, but '%s' was fitted in %ss",
			            clv_unit_name(o.unit), o.params,
			            clv_unit_name(m.unit));
		o.unit = m.unit;
	} else {
		m.kind = o.kind;
		m.unit = o.unit;
	}
	if (!o.has_horizon)
		o.score.horizon = default_horizon(o.unit);
	if (o.merge)
		s = summary_from_partials(argv + optind, argc - optind, &o,
		                          &sig, &as_of);
	else if (o.from_summary)
		s = summary_from_tables(argv + optind, argc - optind);
	else
		s = summary_from_events(argv + optind, argc - optind, &o,
		                        &as_of);
	out = output_open(o.output);
	if (o.summary && o.partial) {
		if (!sig)
			sig = partial_signature(&o);
		clv_partial_write(out, s, sig, as_of);
		output_close(out);
		free(sig);
		clv_summary_free(s);
		return error_status(EXIT_OK);
	}
	free(sig);
	if (o.summary) {
		clv_summary_write(out, s);
		output_close(out);
		clv_summary_free(s);
		return error_status(EXIT_OK);
	}
	g = clv_groups_build(s);
	if (!o.params)
		clv_model_fit(&m, s, g);
	if (o.fit)
		clv_model_write(out, &m);
	else
		clv_score_write(out, &m, s, g, &o.score);
	output_close(out);
	clv_groups_free(g);
	clv_summary_free(s);
	return error_status(EXIT_OK);
}
