/*
 * rm-report - portfolio KPIs per period and group, for machines (TSV,
 * JSON) and people (text, Markdown, HTML).  Options and flow only: the
 * KPIs are in lib/kpi.c, targets in lib/targets.c, the formats in
 * lib/render_*.c.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "event.h"
#include "kpi.h"
#include "kpi_partial.h"
#include "num.h"
#include "output.h"
#include "render.h"
#include "report_read.h"
#include "table.h"
#include "targets.h"
#include "xalloc.h"

static const char usage[] =
    "Usage: rm-report [options] [EVENTS...]\n"
    "       rm-report --partial [computation options] [EVENTS...]\n"
    "       rm-report --merge [--partial] [output options] [PARTIAL...]\n"
    "Portfolio KPIs per period (and per group with --by) from an event\n"
    "stream and account tables.  No EVENTS or '-': stdin.\n"
    "\n"
    "      --partial            write partial aggregates to merge later\n"
    "      --merge              read partials (of shards holding whole\n"
    "                           accounts): the report of all their events\n"
    "\n"
    "  -a, --accounts FILE      account table (repeatable; merged by account)\n"
    "  -p, --period UNIT        month (default), quarter, year (or week, day)\n"
    "  -d, --as-of DATE         report as of DATE (default: latest event "
    "date)\n"
    "  -n, --periods N          periods shown, ending with the current one\n"
    "                           (default 6)\n"
    "  -b, --by COLUMN          group by an account-table column (repeatable)\n"
    "  -k, --kpi LIST           KPIs or families to show, comma-separated\n"
    "      --list-kpis          list the KPIs and exit\n"
    "  -f, --format FORMAT      tsv (default), json, text, markdown, html\n"
    "  -w, --wide               tsv: one column per KPI\n"
    "  -t, --targets FILE       'KPI OP VALUE' lines; a miss exits 3\n"
    "      --untouched-days N   'not touched' means no touch in N days (90)\n"
    "      --bands HIGH,LOW     health cut-offs for band moves (75,50)\n"
    "      --band-order LIST    band names best to worst (green,amber,red)\n"
    "      --colour WHEN        text colours: auto (default), always, never\n"
    "  -o, --output FILE        write to FILE (atomically)\n"
    "  -q, --quiet              no progress, no target messages\n"
    "      --progress           show progress on stderr\n"
    "  -h, --help               show this help\n"
    "  -V, --version            show the version\n"
    "\n"
    "Exit status: 0 ok, 1 bad data, 2 usage, 3 a target missed, 4 system.\n";

enum {
	OPT_LIST = 256,
	OPT_UNTOUCHED,
	OPT_BANDS,
	OPT_BAND_ORDER,
	OPT_COLOUR,
	OPT_PARTIAL,
	OPT_MERGE
};

static const struct option longopts[] = {
    {"accounts", required_argument, NULL, 'a'},
    {"period", required_argument, NULL, 'p'},
    {"as-of", required_argument, NULL, 'd'},
    {"periods", required_argument, NULL, 'n'},
    {"by", required_argument, NULL, 'b'},
    {"kpi", required_argument, NULL, 'k'},
    {"list-kpis", no_argument, NULL, OPT_LIST},
    {"format", required_argument, NULL, 'f'},
    {"wide", no_argument, NULL, 'w'},
    {"targets", required_argument, NULL, 't'},
    {"untouched-days", required_argument, NULL, OPT_UNTOUCHED},
    {"bands", required_argument, NULL, OPT_BANDS},
    {"band-order", required_argument, NULL, OPT_BAND_ORDER},
    {"colour", required_argument, NULL, OPT_COLOUR},
    {"color", required_argument, NULL, OPT_COLOUR},
    {"partial", no_argument, NULL, OPT_PARTIAL},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"progress", no_argument, NULL, CLI_OPT_PROGRESS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

enum format { FMT_TSV, FMT_JSON, FMT_TEXT, FMT_MARKDOWN, FMT_HTML };

struct options {
	struct kpi_options kpi;
	char **accounts;
	int naccounts;
	const char *kpis, *targets, *output;
	enum format format;
	int wide, quiet, colour; /* colour: -1 auto, 0 never, 1 always */
	int partial, merge;
	const char *computing, *rendering; /* an option of each kind given */
	enum progress_mode progress;
};

static enum format
parse_format(const char *s)
{
	static const char *const names[] = {"tsv", "json", "text", "markdown",
	                                    "html"};
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum format)i;
	if (strcmp(s, "md") == 0)
		return FMT_MARKDOWN;
	usage_error(
	    "invalid --format '%s' (want tsv, json, text, markdown or html)",
	    s);
}

static void
parse_bands(const char *s, struct kpi_options *k)
{
	const char *comma = strchr(s, ',');

	if (!comma || num_parse(s, (size_t)(comma - s), &k->band_cut_high) ||
	    num_parse(comma + 1, strlen(comma + 1), &k->band_cut_low) ||
	    k->band_cut_low > k->band_cut_high)
		usage_error("invalid --bands '%s' (want HIGH,LOW as in 75,50)",
		            s);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	int c;

	o->kpi.unit = PERIOD_MONTH;
	o->kpi.as_of = INT_MIN;
	o->kpi.nperiods = 6;
	o->kpi.untouched_days = 90;
	o->kpi.band_cut_high = 75;
	o->kpi.band_cut_low = 50;
	o->kpi.band_order = "green,amber,red";
	o->colour = -1;
	while ((c = getopt_long(argc, argv, "a:p:d:n:b:k:f:wt:o:qhV", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case 'a':
			o->computing = "--accounts";
			o->accounts = xreallocarray(
			    o->accounts, o->naccounts + 1, sizeof(char *));
			o->accounts[o->naccounts++] = optarg;
			break;
		case 'p':
			o->computing = "--period";
			if (period_parse_unit(optarg, &o->kpi.unit) != 0)
				usage_error("invalid --period '%s' (want "
				            "month, quarter or year)",
				            optarg);
			break;
		case 'd':
			o->computing = "--as-of";
			o->kpi.as_of = cli_parse_date(optarg, "--as-of");
			break;
		case 'n':
			o->computing = "--periods";
			o->kpi.nperiods =
			    (int)cli_parse_long(optarg, "--periods", 1, 120);
			break;
		case 'b':
			o->computing = "--by";
			o->kpi.by = xreallocarray(o->kpi.by, o->kpi.nby + 1,
			                          sizeof(char *));
			o->kpi.by[o->kpi.nby++] = optarg;
			break;
		case 'k':
			o->rendering = "--kpi";
			o->kpis = optarg;
			break;
		case OPT_LIST:
			kpi_list(stdout);
			output_close(stdout);
			exit(EXIT_OK);
		case 'f':
			o->rendering = "--format";
			o->format = parse_format(optarg);
			break;
		case 'w':
			o->rendering = "--wide";
			o->wide = 1;
			break;
		case 't':
			o->rendering = "--targets";
			o->targets = optarg;
			break;
		case OPT_UNTOUCHED:
			o->computing = "--untouched-days";
			o->kpi.untouched_days = (int)cli_parse_long(
			    optarg, "--untouched-days", 1, 36500);
			break;
		case OPT_BANDS:
			o->computing = "--bands";
			parse_bands(optarg, &o->kpi);
			break;
		case OPT_BAND_ORDER:
			o->computing = "--band-order";
			o->kpi.band_order = optarg;
			break;
		case OPT_PARTIAL:
			o->partial = 1;
			break;
		case OPT_MERGE:
			o->merge = 1;
			break;
		case OPT_COLOUR:
			if (strcmp(optarg, "auto") == 0)
				o->colour = -1;
			else if (strcmp(optarg, "always") == 0)
				o->colour = 1;
			else if (strcmp(optarg, "never") == 0)
				o->colour = 0;
			else
				usage_error("invalid --colour '%s' (want auto, "
				            "always or never)",
				            optarg);
			break;
		default:
			cli_common_option(c, optarg, usage, &o->output,
					  &o->quiet, &o->progress);
			break;
		}
	}
	if (o->merge && o->computing)
		usage_error("--merge takes the computation options from the "
		            "partials: %s is not for it",
		            o->computing);
	if (o->partial && o->rendering)
		usage_error("--partial writes partial aggregates: %s is for "
		            "--merge",
		            o->rendering);
	if (o->wide && o->format != FMT_TSV)
		usage_error("--wide needs --format tsv");
	if (o->kpi.nby && !o->naccounts)
		usage_error("--by needs an account table (--accounts)");
	/* with targets, every KPI may be needed; partials need all */
	if (!o->targets && !o->partial)
		o->kpi.types = kpi_types(o->kpis);
	/* a partial lists every item: they are kept in memory */
	o->kpi.items_in_memory = o->partial;
}

static struct table *
read_accounts(const struct options *o)
{
	struct table *t;
	int i;

	if (!o->naccounts)
		return NULL;
	t = table_new("account");
	for (i = 0; i < o->naccounts; i++)
		table_read(t, o->accounts[i]);
	if (table_bad_rows(t))
		die(EXIT_DATA, "%lu bad row%s in the account table%s",
		    table_bad_rows(t), table_bad_rows(t) == 1 ? "" : "s",
		    o->naccounts > 1 ? "s" : "");
	return t;
}

static char *
by_label(const struct kpi_options *k)
{
	size_t len = 1;
	int i;
	char *s;

	for (i = 0; i < k->nby; i++)
		len += strlen(k->by[i]) + 3;
	s = xcalloc(len, 1);
	for (i = 0; i < k->nby; i++) {
		size_t used = strlen(s);

		(void)snprintf(s + used, len - used, "%s%s", i ? " / " : "",
		               k->by[i]); /* fits: len counted above */
	}
	return s;
}

static void
render(FILE *f, const struct options *o, const struct report *r)
{
	const char *nc = getenv("NO_COLOR");
	int colour =
	    o->colour >= 0 ? o->colour : output_is_terminal() && !(nc && *nc);

	switch (o->format) {
	case FMT_TSV:
		if (o->wide)
			render_tsv_wide(f, r);
		else
			render_tsv_long(f, r);
		break;
	case FMT_JSON:
		render_json(f, r);
		break;
	case FMT_TEXT:
		render_text(f, r, colour);
		break;
	case FMT_MARKDOWN:
		render_markdown(f, r);
		break;
	case FMT_HTML:
		render_html(f, r);
		break;
	}
}

/* Read the events into KPI states; the latest event date in *latest. */
static struct kpi_state **
read_events(struct options *o, struct table *t, char **paths, int npaths,
            int *n, int *latest)
{
	struct kpi_state **states;
	struct event_reader *er;
	unsigned long bad;

	er = event_reader_open(paths, npaths);
	/* a partial is written in the order of the events: one part */
	states = report_read(kpi_new(&o->kpi, t), er, o->progress,
	                     o->partial ? 1 : report_parts(), !o->partial, n,
	                     NULL);
	event_reader_report_unknown(er, o->quiet);
	*latest = event_reader_max_day(er);
	bad = event_reader_close(er);
	if (bad)
		die(EXIT_DATA, "%lu bad event row%s", bad, bad == 1 ? "" : "s");
	return states;
}

/* --merge: read the partials; NULL when they were written out again. */
static struct report *
merge(struct options *o, char **paths, int npaths, char **label)
{
	struct kpi_merge *m = kpi_merge_new();
	const struct kpi_options *k;
	FILE *f;
	int i;

	for (i = 0; i < npaths || i == 0; i++)
		kpi_merge_read(m, npaths ? paths[i] : "-");
	if (o->partial) {
		f = output_open(o->output);
		kpi_merge_write(m, f);
		output_close(f);
		return NULL;
	}
	k = kpi_merge_options(m);
	if (kpi_merge_latest(m) == INT_MIN && k->as_of == INT_MIN)
		die(EXIT_DATA,
		    "no events, so no default as-of date: give --as-of");
	*label = by_label(k);
	return kpi_merge_finish(m);
}

int
main(int argc, char **argv)
{
	struct options o = {0};
	struct table *t = NULL;
	struct kpi_state **states;
	struct report *r;
	int latest, missed, n;
	char *label = NULL;
	FILE *f;

	error_init(argv[0]);
	argv[0] = (char *)progname(); /* getopt's messages too */
	alloc_large_by_mmap(); /* per-account arrays are touched late */
	parse_options(argc, argv, &o);
	if (o.merge) {
		r = merge(&o, argv + optind, argc - optind, &label);
		if (!r)
			return EXIT_OK;
	} else {
		t = read_accounts(&o);
		states = read_events(&o, t, argv + optind, argc - optind, &n,
		                     &latest);
		if (o.partial) {
			f = output_open(o.output);
			kpi_partial_write(f, states, n, latest);
			output_close(f);
			free(states);
			table_free(t);
			free(o.accounts);
			free(o.kpi.by);
			return error_status(EXIT_OK);
		}
		if (latest == INT_MIN && o.kpi.as_of == INT_MIN)
			die(EXIT_DATA, "no events, so no default as-of date: "
			               "give --as-of");
		r = kpi_finish_many(states, n, latest);
		free(states);
		label = by_label(&o.kpi);
	}
	r->by_label = label;
	kpi_select(r, o.kpis);
	if (o.targets) {
		targets_read(r, o.targets);
		targets_show(r);
	}
	missed = targets_check(r);
	f = output_open(o.output);
	render(f, &o, r);
	output_close(f);
	if (missed && !o.quiet)
		targets_report(r, stderr);
	report_free(r);
	table_free(t);
	free(label);
	free(o.accounts);
	free(o.kpi.by);
	return error_status(missed ? EXIT_TARGET : EXIT_OK);
}
