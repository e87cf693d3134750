/*
 * churn-mrr.c - rm-churn's subscription mode: the period table of MRR
 * movements, churn and retention (default), --cohorts, --renewals and
 * --accounts-out.  Options and flow only; the logic is in lib/mrr.c,
 * lib/mrrtable.c, lib/cohort.c and lib/renewal.c.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "churnout.h"
#include "churnpart.h"
#include "cli.h"
#include "cohort.h"
#include "date.h"
#include "error.h"
#include "event.h"
#include "mrr.h"
#include "mrrmerge.h"
#include "mrrtable.h"
#include "output.h"
#include "renewal.h"
#include "strmap.h"
#include "table.h"
#include "xalloc.h"

#define MAX_PERIODS 20000
#define MAX_VALUE 1e10 /* per event: sums in cents stay far from overflow */

static const char usage[] =
    "Usage: rm-churn [options] [FILE...]\n"
    "MRR movements, churn and retention per period from mrr events (the\n"
    "default), cohort retention, renewals or a per-account summary.\n"
    "\n"
    "  -p, --period UNIT      month (default), quarter or year\n"
    "  -f, --from PERIOD      first period shown (2024-01, 2024-Q1, 2024 or a "
    "date)\n"
    "  -t, --to PERIOD        last period shown (default: that of --as-of)\n"
    "  -d, --as-of DATE       ignore later events (default: latest date in "
    "input)\n"
    "  -a, --accounts FILE    account table (for --by, --accounts-out)\n"
    "  -b, --by COLUMN        one table per value of this account column\n"
    "  -c, --cohorts          cohort retention by first active period\n"
    "  -m, --measure WHAT     cohorts measured in logos (default) or mrr\n"
    "  -l, --long             cohorts one row per cohort and age\n"
    "  -r, --renewals         renewal rates from renewal_due/renewed events\n"
    "  -A, --accounts-out     one row per account: status, tenure, MRR, "
    "revenue\n"
    "      --partial          write partial sums of the table, for --merge\n"
    "      --merge            FILEs are --partial outputs: merge them\n"
    "  -F, --format FMT       tsv (default) or text (aligned, percentages)\n"
    "  -o, --output FILE      write to FILE (atomically)\n"
    "  -q, --quiet            no progress, no notes\n"
    "      --progress         show progress on stderr\n"
    "  -h, --help             this help\n"
    "  -V, --version          version\n"
    "\n"
    "Model mode (--model, --summary, --params, --fit): see rm-churn(1).\n";

enum mode { MODE_TABLE, MODE_COHORTS, MODE_RENEWALS, MODE_ACCOUNTS };

struct options {
	enum mode mode;
	enum period_unit unit;
	const char *from, *to, *accounts, *by, *output;
	int as_of, has_as_of;
	int measure_mrr, long_form, text, quiet;
	int measure_set, long_set, unit_set;
	int partial, merge;
	enum progress_mode progress;
};

/* Accounts grouped by a column of the account table. */
struct groups {
	const char *column;
	int n;
	char **names;
	int *order; /* group ids in byte order of their names */
	int *of;    /* group of each account id */
};

static void
set_mode(struct options *opt, enum mode mode)
{
	if (opt->mode != MODE_TABLE && opt->mode != mode)
		usage_error("--cohorts, --renewals and --accounts-out exclude "
		            "each other");
	opt->mode = mode;
}

static void
parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
	    {"period", required_argument, NULL, 'p'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"as-of", required_argument, NULL, 'd'},
	    {"accounts", required_argument, NULL, 'a'},
	    {"by", required_argument, NULL, 'b'},
	    {"cohorts", no_argument, NULL, 'c'},
	    {"measure", required_argument, NULL, 'm'},
	    {"long", no_argument, NULL, 'l'},
	    {"renewals", no_argument, NULL, 'r'},
	    {"accounts-out", no_argument, NULL, 'A'},
	    {"format", required_argument, NULL, 'F'},
	    {"output", required_argument, NULL, 'o'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"progress", no_argument, NULL, CLI_OPT_PROGRESS},
	    {"partial", no_argument, NULL, 'S'},
	    {"merge", no_argument, NULL, 'M'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(opt, 0, sizeof(*opt));
	opt->unit = PERIOD_MONTH;
	opt->progress = PROGRESS_AUTO;
	while ((c = getopt_long(argc, argv, "p:f:t:d:a:b:cm:lrAF:o:qhV",
	                        longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (period_parse_unit(optarg, &opt->unit) != 0 ||
			    opt->unit == PERIOD_DAY || opt->unit == PERIOD_WEEK)
				usage_error(
				    "invalid --period '%s' (want month, "
				    "quarter or year)",
				    optarg);
			opt->unit_set = 1;
			break;
		case 'f':
			opt->from = optarg;
			break;
		case 't':
			opt->to = optarg;
			break;
		case 'd':
			opt->as_of = cli_parse_date(optarg, "--as-of");
			opt->has_as_of = 1;
			break;
		case 'a':
			opt->accounts = optarg;
			break;
		case 'b':
			opt->by = optarg;
			break;
		case 'c':
			set_mode(opt, MODE_COHORTS);
			break;
		case 'm':
			if (strcmp(optarg, "logos") != 0 &&
			    strcmp(optarg, "mrr") != 0)
				usage_error(
				    "invalid --measure '%s' (want logos "
				    "or mrr)",
				    optarg);
			opt->measure_mrr = strcmp(optarg, "mrr") == 0;
			opt->measure_set = 1;
			break;
		case 'l':
			opt->long_set = opt->long_form = 1;
			break;
		case 'r':
			set_mode(opt, MODE_RENEWALS);
			break;
		case 'A':
			set_mode(opt, MODE_ACCOUNTS);
			break;
		case 'F':
			if (strcmp(optarg, "tsv") != 0 &&
			    strcmp(optarg, "text") != 0)
				usage_error(
				    "invalid --format '%s' (want tsv or "
				    "text)",
				    optarg);
			opt->text = strcmp(optarg, "text") == 0;
			break;
		case 'S':
			opt->partial = 1;
			break;
		case 'M':
			opt->merge = 1;
			break;
		default:
			cli_common_option(c, optarg, usage, &opt->output,
			                  &opt->quiet, &opt->progress);
			break;
		}
	}
	if ((opt->measure_set || opt->long_set) && opt->mode != MODE_COHORTS)
		usage_error("--measure and --long go with --cohorts");
	if (opt->by && !opt->accounts)
		usage_error("--by needs --accounts FILE");
	if (opt->by && opt->mode == MODE_ACCOUNTS)
		usage_error("--by does not go with --accounts-out");
	if ((opt->partial || opt->merge) && opt->mode == MODE_ACCOUNTS)
		usage_error("--accounts-out has no --partial or --merge: its "
		            "rows are per account, so the parts' outputs can "
		            "be concatenated (see rm-churn(1))");
	if (opt->partial && opt->text)
		usage_error("--partial writes TSV only");
	if (opt->merge && (opt->by || opt->accounts || opt->from || opt->to ||
	                   opt->has_as_of))
		usage_error("--merge takes the periods and groups of its parts "
		            "(no --by, --accounts, --from, --to, --as-of)");
	if (opt->accounts && !opt->by && opt->mode != MODE_ACCOUNTS)
		usage_error("--accounts goes with --by or --accounts-out");
}

static int
parse_period(const char *arg, const char *option, enum period_unit unit)
{
	int p;

	if (period_parse_label(arg, unit, &p) != 0)
		usage_error("invalid %s '%s' (want a %s such as %s, or a date)",
		            option, arg, period_unit_name(unit),
		            unit == PERIOD_MONTH     ? "2024-03"
		            : unit == PERIOD_QUARTER ? "2024-Q1"
		                                     : "2024");
	return p;
}

/* Read every event into the states; returns the as-of date (INT_MIN: none). */
static int
read_events(char **files, int nfiles, const struct options *opt, int day_limit,
            struct mrr_state *mrr, struct renewal_state *ren, int *first_day)
{
	struct event_reader *r = event_reader_open(files, nfiles);
	struct event ev;
	unsigned long bad, seen = 0;
	int as_of;
	char too_large[512] = "";

	*first_day = INT_MAX;
	progress_start(opt->progress, "events");
	while (event_next(r, &ev)) {
		if ((++seen & 0xffff) == 0)
			progress_update(event_reader_count(r),
			                event_reader_bytes(r));
		if (ev.day > day_limit)
			continue;
		if (ev.has_value && ev.value > MAX_VALUE &&
		    (ev.type == EV_MRR || ev.type == EV_RENEWAL_DUE ||
		     ev.type == EV_RENEWED)) {
			(void)snprintf(
			    too_large, sizeof(too_large),
			    "%s:%ld: column 'value': '%g' is too large "
			    "(at most %g)",
			    ev.file, ev.line, ev.value, MAX_VALUE);
			break;
		}
		if (ev.type == EV_MRR && !ren) {
			mrr_add(mrr, ev.account, ev.account_len, ev.ref,
			        ev.ref_len, ev.day, ev.value);
		} else if (ren && (ev.type == EV_RENEWAL_DUE ||
		                   ev.type == EV_RENEWED)) {
			size_t id =
			    mrr_account_id(mrr, ev.account, ev.account_len);

			renewal_add(ren, id, ev.account, ev.account_len, ev.ref,
			            ev.ref_len, ev.type == EV_RENEWED, ev.day,
			            ev.has_value ? ev.value : 0);
		} else {
			continue;
		}
		if (ev.day < *first_day)
			*first_day = ev.day;
	}
	progress_end();
	as_of = opt->has_as_of ? opt->as_of : event_reader_max_day(r);
	event_reader_report_unknown(r, opt->quiet);
	bad = event_reader_close(r);
	if (too_large[0])
		die(EXIT_DATA, "%s", too_large);
	if (bad)
		die(EXIT_DATA, "%lu bad input row%s", bad, bad == 1 ? "" : "s");
	return as_of;
}

/*
 * Group every account of mrr by column opt->by of the account table;
 * accounts missing from it, or with an empty value, form the group "".
 */
static void
make_groups(struct groups *g, struct table *accounts, const char *column,
            struct mrr_state *mrr)
{
	struct strmap *names = strmap_new();
	size_t id, n = mrr_naccounts(mrr);
	int col = table_column(accounts, column);

	if (col < 0)
		usage_error("--by '%s': no such column in the account table",
		            column);
	g->column = column;
	g->of = xcalloc(n ? n : 1, sizeof(g->of[0]));
	for (id = 0; id < n; id++) {
		const char *key = mrr_account_key(mrr, id);
		long row = table_find(accounts, key, strlen(key), 0);
		const char *v = row < 0 ? "" : table_cell(accounts, row, col);

		g->of[id] = (int)strmap_intern(names, v, strlen(v), NULL);
	}
	if (strmap_count(names) == 0) /* no accounts at all */
		strmap_intern(names, "", 0, NULL);
	g->n = (int)strmap_count(names);
	mrr_group_names(names, &g->names, &g->order);
	strmap_free(names);
}

static void
free_groups(struct groups *g)
{
	int i;

	for (i = 0; i < g->n; i++)
		free(g->names[i]);
	free(g->names);
	free(g->order);
	free(g->of);
}

/* The periods of the input (see struct cp_range). */
static void
period_bounds(const struct options *opt, int first_day, int as_of,
              struct cp_range *g)
{
	memset(g, 0, sizeof(*g));
	if (opt->mode != MODE_ACCOUNTS && opt->from) {
		g->first = parse_period(opt->from, "--from", opt->unit);
		g->has_first = 1;
	} else if (first_day != INT_MAX) {
		g->first = period_of(first_day, opt->unit);
		g->has_first = 1;
	}
	if (opt->to) {
		g->last = parse_period(opt->to, "--to", opt->unit);
		g->has_last = 1;
	} else if (as_of != INT_MIN) {
		g->last = period_of(as_of, opt->unit);
		g->has_last = 1;
	}
}

/*
 * The number of periods to compute from g->first (0: nothing to show).
 * A partial period table or cohort table whose last period is before
 * its first still has the first one: its state there is carried on by
 * the merge.
 */
static int
period_count(const struct options *opt, const struct cp_range *g)
{
	if (!g->has_first || !g->has_last)
		return 0;
	if (g->last < g->first) {
		if (opt->from && opt->to && opt->mode != MODE_ACCOUNTS)
			usage_error("--from '%s' is after --to '%s'", opt->from,
			            opt->to);
		return opt->partial && opt->mode != MODE_RENEWALS;
	}
	if (g->last - g->first >= MAX_PERIODS)
		usage_error("more than %d periods from %s to %s; use --from "
		            "or a longer --period",
		            MAX_PERIODS,
		            opt->from ? opt->from : "the first event",
		            opt->to ? opt->to : "the as-of date");
	return g->last - g->first + 1;
}

/* The signature of this run's partial (churnpart.h); free() it. */
static char *
signature(const struct options *opt, const char *kind)
{
	char from[PERIOD_BUFSIZE] = "", to[PERIOD_BUFSIZE] = "",
	     as_of[DATE_BUFSIZE] = "";
	const char *pairs[10];

	if (opt->from)
		period_label(parse_period(opt->from, "--from", opt->unit),
		             opt->unit, from);
	if (opt->to)
		period_label(parse_period(opt->to, "--to", opt->unit),
		             opt->unit, to);
	if (opt->has_as_of)
		date_format(opt->as_of, as_of);
	pairs[0] = "period";
	pairs[1] = period_unit_name(opt->unit);
	pairs[2] = "from";
	pairs[3] = from;
	pairs[4] = "to";
	pairs[5] = to;
	pairs[6] = "as-of";
	pairs[7] = as_of;
	pairs[8] = "by";
	pairs[9] = opt->by ? opt->by : "";
	return cp_signature(kind, 5, pairs);
}

/* Accounts of from 2 parts up are seen on 2 threads (mrr_view_all()). */
#define PARALLEL_ACCOUNTS 16384
#define MAX_PARTS 2

/* What one part of the accounts adds up: a period table or cohorts. */
struct part_sums {
	const struct groups *g;
	struct mrr_table *tab;
	struct cohort_table *coh;
};

static void
add_account(void *ctx, size_t id, const struct mrr_view *v)
{
	struct part_sums *p = ctx;
	int group = p->g->of ? p->g->of[id] : 0;

	if (p->coh)
		cohort_add(p->coh, group, v);
	else
		mrr_table_add(p->tab, group, v);
}

/*
 * The period table or the cohorts: the accounts in parts, each added up
 * on its own thread into its own sums, which are then added together
 * (whole numbers: the same in any order).
 */
static void
movements(struct churn_out *o, struct mrr_state *mrr, const struct options *opt,
          const struct groups *g, const struct cp_range *range, int n)
{
	int first = range->first;
	int written = mrr_naccounts(mrr) > 0 ? (g->n ? g->n : 1) : 0;
	char *sig = opt->partial
	                ? signature(opt, opt->mode == MODE_COHORTS ? "cohorts"
	                                                           : "periods")
	                : NULL;
	int ng = g->n ? g->n : 1, k;
	int nparts = mrr_naccounts(mrr) >= PARALLEL_ACCOUNTS ? MAX_PARTS : 1;
	struct part_sums part[MAX_PARTS];
	void *ctx[MAX_PARTS];
	struct mrr_table *tab;
	struct cohort_table *coh;

	memset(part, 0, sizeof(part));
	for (k = 0; k < nparts; k++) {
		part[k].g = g;
		part[k].tab =
		    opt->mode == MODE_COHORTS ? NULL : mrr_table_new(ng, n);
		part[k].coh =
		    opt->mode == MODE_COHORTS ? cohort_new(ng, n) : NULL;
		ctx[k] = &part[k];
	}
	if (n > 0)
		mrr_view_all(mrr, opt->unit, first, n, nparts, add_account,
		             ctx);
	tab = part[0].tab;
	coh = part[0].coh;
	for (k = 1; k < nparts; k++) {
		if (coh)
			cohort_add_table(coh, part[k].coh);
		else
			mrr_table_add_table(tab, part[k].tab);
		cohort_free(part[k].coh);
		mrr_table_free(part[k].tab);
	}
	if (coh && opt->partial)
		cohort_partial_write(coh, o, sig, range, opt->unit, written,
		                     g->names, g->order);
	else if (coh)
		cohort_write(coh, o, opt->unit, first, opt->measure_mrr,
		             opt->long_form, g->column, g->names, g->order);
	else if (opt->partial)
		mrr_partial_write(tab, o, sig, range, opt->unit, written,
		                  g->names, g->order);
	else
		mrr_table_write(tab, o, opt->unit, first, g->column, g->names,
		                g->order);
	cohort_free(coh);
	mrr_table_free(tab);
	free(sig);
}

/* --merge: merge the partials named in files (none: stdin). */
static void
merge_parts(char **files, int nfiles, const struct options *opt)
{
	struct mrr_merge *m = NULL;
	struct cohort_merge *cm = NULL;
	struct renewal_merge *rm = NULL;
	struct churn_out *o;
	FILE *out;
	int i;

	if (opt->mode == MODE_COHORTS)
		cm = cohort_merge_new(opt->unit_set, opt->unit);
	else if (opt->mode == MODE_RENEWALS)
		rm = renewal_merge_new(opt->unit_set, opt->unit);
	else
		m = mrr_merge_new(opt->unit_set, opt->unit);
	for (i = 0; i < nfiles || (nfiles == 0 && i == 0); i++) {
		const char *path = nfiles ? files[i] : "-";

		if (cm)
			cohort_merge_read(cm, path);
		else if (rm)
			renewal_merge_read(rm, path);
		else
			mrr_merge_read(m, path);
	}
	out = output_open(opt->output);
	o = churn_out_new(out, opt->text);
	if (cm)
		cohort_merge_write(cm, o, opt->partial, opt->measure_mrr,
		                   opt->long_form);
	else if (rm)
		renewal_merge_write(rm, o, opt->partial);
	else
		mrr_merge_write(m, o, opt->partial);
	churn_out_finish(o);
	output_close(out);
	cohort_merge_free(cm);
	renewal_merge_free(rm);
	mrr_merge_free(m);
}

int
cmd_churn_mrr(int argc, char **argv)
{
	struct options opt;
	struct mrr_state *mrr = mrr_new();
	struct renewal_state *ren = NULL;
	struct table *accounts = NULL;
	struct groups groups = {0};
	struct churn_out *o;
	struct cp_range range;
	char *sig = NULL;
	FILE *out;
	int first_day, as_of, n, day_limit = INT_MAX;
	size_t unmatched;

	parse_options(argc, argv, &opt);
	if (opt.merge) {
		mrr_free(mrr);
		merge_parts(argv + optind, argc - optind, &opt);
		return EXIT_OK;
	}
	if (opt.has_as_of)
		day_limit = opt.as_of;
	if (opt.to) {
		int last = period_last_day(
		    parse_period(opt.to, "--to", opt.unit), opt.unit);

		if (last < day_limit)
			day_limit = last;
	}
	if (opt.from)
		parse_period(opt.from, "--from", opt.unit);
	if (opt.mode == MODE_RENEWALS)
		ren = renewal_new();
	as_of = read_events(argv + optind, argc - optind, &opt, day_limit, mrr,
	                    ren, &first_day);
	if (ren && (unmatched = renewal_unmatched(ren)) > 0 && !opt.quiet)
		warn("%zu contract%s with a renewed event but no renewal_due "
		     "(not counted)",
		     unmatched, unmatched == 1 ? "" : "s");
	mrr_finish(mrr);
	period_bounds(&opt, first_day, as_of, &range);
	n = period_count(&opt, &range);
	if (opt.accounts) {
		accounts = table_new("account");
		table_read(accounts, opt.accounts);
		if (table_bad_rows(accounts))
			die(EXIT_DATA, "%lu bad row%s in '%s'",
			    table_bad_rows(accounts),
			    table_bad_rows(accounts) == 1 ? "" : "s",
			    opt.accounts);
	}
	if (opt.by)
		make_groups(&groups, accounts, opt.by, mrr);

	out = output_open(opt.output);
	o = churn_out_new(out, opt.text);
	if (opt.mode == MODE_RENEWALS && opt.partial) {
		sig = signature(&opt, "renewals");
		renewal_partial_write(
		    ren, o, sig, &range, n, as_of,
		    mrr_naccounts(mrr) > 0 ? (groups.n ? groups.n : 1) : 0,
		    groups.of, groups.names, groups.order, opt.unit);
	} else if (opt.mode == MODE_RENEWALS) {
		renewal_write(ren, o, opt.unit, range.first, n, as_of,
		              groups.n ? groups.n : 1, groups.of, groups.column,
		              groups.names, groups.order);
	} else if (opt.mode == MODE_ACCOUNTS) {
		mrr_accounts_write(o, mrr, accounts, opt.unit, range.first, n);
	} else {
		movements(o, mrr, &opt, &groups, &range, n);
	}
	churn_out_finish(o);
	output_close(out);

	free(sig);
	free_groups(&groups);
	table_free(accounts);
	renewal_free(ren);
	mrr_free(mrr);
	return error_status(EXIT_OK);
}
