/*
 * rm-health - client and supplier health scores from an event stream.
 *
 * Options and flow only; the model is lib/health.c (man rm-health).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "event.h"
#include "health.h"
#include "output.h"
#include "table.h"
#include "xalloc.h"

static const char usage_text[] =
    "Usage: rm-health [OPTION]... [FILE]...\n"
    "Health score, band, trend, driver and component scores per account\n"
    "from event streams (FILE, or stdin; gzip allowed).\n"
    "\n"
    "  -a, --accounts FILE     account table: its rows and columns first\n"
    "  -P, --profile NAME      client (default) or supplier\n"
    "  -d, --as-of DATE        evaluation date (default: latest event date)\n"
    "  -w, --window DAYS       window in days (default 90)\n"
    "  -W, --weights SPEC      e.g. usage=30,support=20 (normalised)\n"
    "  -b, --bands LIST        descending thresholds (default 75,50)\n"
    "  -B, --band-names LIST   band names (default green,amber,red)\n"
    "  -x, --explain ACCOUNT   explain one account's numbers instead\n"
    "  -o, --output FILE       write to FILE (atomically)\n"
    "  -q, --quiet             no progress, no notes on unknown types\n"
    "      --progress          show progress on stderr\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show the version and exit\n"
    "\n"
    "Client components: usage support payments sentiment engagement.\n"
    "Supplier components: delivery sla escalations.  See rm-health(1).\n";

struct options {
	struct health_model model;
	char **accounts;
	int naccounts;
	int as_of;
	const char *explain;
	const char *output;
	enum progress_mode progress;
	int quiet;
};

static void
model_option(struct options *o,
             int (*set)(struct health_model *, const char *, char *, size_t),
             const char *arg, const char *option)
{
	char err[256];

	if (set(&o->model, arg, err, sizeof(err)) != 0)
		usage_error("invalid %s '%s': %s", option, arg, err);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"accounts", required_argument, NULL, 'a'},
	    {"profile", required_argument, NULL, 'P'},
	    {"as-of", required_argument, NULL, 'd'},
	    {"window", required_argument, NULL, 'w'},
	    {"weights", required_argument, NULL, 'W'},
	    {"bands", required_argument, NULL, 'b'},
	    {"band-names", required_argument, NULL, 'B'},
	    {"explain", required_argument, NULL, 'x'},
	    {"output", required_argument, NULL, 'o'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"progress", no_argument, NULL, CLI_OPT_PROGRESS},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0}};
	const char *weights = NULL, *bands = NULL, *names = NULL;
	enum health_profile profile = HEALTH_CLIENT;
	long window = 90;
	char err[256];
	int c;

	memset(o, 0, sizeof(*o));
	o->as_of = INT_MIN;
	o->progress = PROGRESS_AUTO;
	while ((c = getopt_long(argc, argv, "a:P:d:w:W:b:B:x:o:qhV", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case 'a':
			o->accounts =
			    xreallocarray(o->accounts, (size_t)o->naccounts + 1,
			                  sizeof(*o->accounts));
			o->accounts[o->naccounts++] = optarg;
			break;
		case 'P':
			if (health_parse_profile(optarg, &profile) != 0)
				usage_error("invalid --profile '%s' (want "
				            "client or supplier)",
				            optarg);
			break;
		case 'd':
			o->as_of = cli_parse_date(optarg, "--as-of");
			break;
		case 'w':
			window = cli_parse_long(optarg, "--window", 1, 3650);
			break;
		case 'W':
			weights = optarg;
			break;
		case 'b':
			bands = optarg;
			break;
		case 'B':
			names = optarg;
			break;
		case 'x':
			o->explain = optarg;
			break;
		default:
			cli_common_option(c, optarg, usage_text, &o->output,
					  &o->quiet, &o->progress);
			break;
		}
	}
	/* The profile decides the components, so options apply after it. */
	health_model_init(&o->model, profile);
	o->model.window = (int)window;
	if (weights)
		model_option(o, health_set_weights, weights, "--weights");
	if (bands)
		model_option(o, health_set_bands, bands, "--bands");
	if (names)
		model_option(o, health_set_band_names, names, "--band-names");
	if (health_check_bands(&o->model, err, sizeof(err)) != 0)
		usage_error("invalid --bands/--band-names: %s", err);
}

/* Read every event into the run; returns the number of bad rows. */
static unsigned long
read_events(struct health_run *run, char **paths, int npaths,
            const struct options *o)
{
	struct event_reader *er = event_reader_open(paths, npaths);
	struct event ev;
	unsigned long n = 0;

	progress_start(o->progress, "events");
	while (event_next(er, &ev)) {
		health_run_add(run, &ev);
		if ((++n & 63) == 0) /* progress_update() samples its calls */
			progress_update(event_reader_count(er),
			                event_reader_bytes(er));
	}
	progress_end();
	health_run_finish(run, event_reader_max_day(er));
	event_reader_report_unknown(er, o->quiet);
	return event_reader_close(er);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct table *accounts = NULL;
	struct health_run *run;
	unsigned long bad = 0;
	const char *key;
	FILE *out;
	int i;

	error_init(argv[0]);
	argv[0] = (char *)progname(); /* getopt's messages too */
	parse_options(argc, argv, &o);
	out = output_open(o.output);
	if (o.naccounts > 0) {
		accounts = table_new("account");
		for (i = 0; i < o.naccounts; i++)
			table_read(accounts, o.accounts[i]);
		bad += table_bad_rows(accounts);
	}
	run = health_run_new(&o.model, o.as_of);
	if (o.explain)
		health_run_watch(run, o.explain);
	bad += read_events(run, argv + optind, argc - optind, &o);
	if (bad > 0) {
		output_abort();
		die(EXIT_DATA, "%lu bad input row%s; no output written", bad,
		    bad == 1 ? "" : "s");
	}
	if (o.explain) {
		key = health_run_watched_key(run);
		if (health_explain(out, run,
		                   accounts &&
		                       table_find(accounts, key, strlen(key),
		                                  0) >= 0) != 0) {
			output_abort();
			die(EXIT_DATA, "no account '%s' in the input",
			    o.explain);
		}
	} else {
		health_write(out, run, accounts);
	}
	output_close(out);
	health_run_free(run);
	table_free(accounts);
	health_model_free(&o.model);
	free(o.accounts);
	return error_status(EXIT_OK);
}
