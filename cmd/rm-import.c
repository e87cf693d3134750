/*
 * rm-import - turn CRM exports (CSV or TSV) into rmkit events or account
 * tables.  Options and flow only: the work is in lib/import.c, the
 * built-in mappings in lib/preset.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "import.h"
#include "input.h"
#include "output.h"
#include "preset.h"
#include "sniff.h"
#include "xalloc.h"

/* Rejected rows reported on stderr when there is no --rejects file. */
#define STDERR_REJECTS 10

static const char usage[] =
    "Usage: rm-import [options] [FILE...]\n"
    "Turn CRM exports (CSV or TSV, plain or gzip) into an rmkit event\n"
    "stream, or an account table with --accounts.  No FILE or '-': stdin.\n"
    "\n"
    "Input:\n"
    "      --csv | --tsv        input format (default: by extension, else "
    "sniffed)\n"
    "  -d, --delimiter C        CSV delimiter (default sniffed: , ; TAB "
    "|)\n"
    "      --latin1             input is Latin-1 (default: UTF-8)\n"
    "      --max-record BYTES   longest record allowed (default 1048576)\n"
    "Mapping:\n"
    "  -p, --preset NAME        built-in mapping (see --list-presets)\n"
    "      --list-presets       list the presets\n"
    "      --show               print the --preset as a map file and exit\n"
    "  -m, --map CANON=SOURCE   map source column SOURCE to CANON "
    "(repeatable)\n"
    "  -M, --map-file FILE      lines 'canonical<TAB>source column'\n"
    "  -t, --type TYPE          every row is an event of TYPE\n"
    "  -T, --type-from COLUMN   event type from a source column ...\n"
    "      --type-map 'A=b,...' ... translated by this map (b may be '-')\n"
    "      --also RULE          a further event from the same row: "
    "'type=T,date=COL'\n"
    "                           (or type-from=COL; also value=COL or "
    "set-value=N)\n"
    "      --value-map 'A=1,...'  translate values before reading numbers\n"
    "      --kind-map 'A=b,...'   translate kinds\n"
    "      --kind TEXT          every event has this kind\n"
    "  -k, --keep COLUMN        carry a source column into the output "
    "(repeatable)\n"
    "  -a, --accounts           write an account table instead of events\n"
    "      --raw                write every source column as TSV (no "
    "mapping)\n"
    "Values:\n"
    "      --dmy                n/n/YYYY dates are day/month/year\n"
    "      --excel-dates        accept Excel serial day numbers\n"
    "      --decimal-comma      1.234,50 style amounts\n"
    "Bad rows:\n"
    "  -r, --rejects FILE       write rejected rows with line number and "
    "reason\n"
    "      --max-rejects N      exit 1 when more rows are rejected "
    "(default 0)\n"
    "Output:\n"
    "  -o, --output FILE        write to FILE (atomically)\n"
    "  -q, --quiet              no progress, no notes\n"
    "      --progress           show progress on stderr\n"
    "  -h, --help               show this help\n"
    "  -V, --version            show the version\n"
    "\n"
    "Canonical columns: account date type value ref kind quantity (events);\n"
    "account name owner segment tier industry region start renewal arr\n"
    "(--accounts).  See rm-import(1) and rmkit(7).\n";

enum {
	OPT_CSV = 256,
	OPT_TSV,
	OPT_LATIN1,
	OPT_MAX_RECORD,
	OPT_LIST_PRESETS,
	OPT_SHOW,
	OPT_TYPE_MAP,
	OPT_ALSO,
	OPT_VALUE_MAP,
	OPT_KIND_MAP,
	OPT_KIND,
	OPT_RAW,
	OPT_DMY,
	OPT_EXCEL,
	OPT_DECIMAL_COMMA,
	OPT_MAX_REJECTS
};

static const struct option longopts[] = {
    {"csv", no_argument, NULL, OPT_CSV},
    {"tsv", no_argument, NULL, OPT_TSV},
    {"delimiter", required_argument, NULL, 'd'},
    {"latin1", no_argument, NULL, OPT_LATIN1},
    {"max-record", required_argument, NULL, OPT_MAX_RECORD},
    {"preset", required_argument, NULL, 'p'},
    {"list-presets", no_argument, NULL, OPT_LIST_PRESETS},
    {"show", no_argument, NULL, OPT_SHOW},
    {"map", required_argument, NULL, 'm'},
    {"map-file", required_argument, NULL, 'M'},
    {"type", required_argument, NULL, 't'},
    {"type-from", required_argument, NULL, 'T'},
    {"type-map", required_argument, NULL, OPT_TYPE_MAP},
    {"also", required_argument, NULL, OPT_ALSO},
    {"value-map", required_argument, NULL, OPT_VALUE_MAP},
    {"kind-map", required_argument, NULL, OPT_KIND_MAP},
    {"kind", required_argument, NULL, OPT_KIND},
    {"keep", required_argument, NULL, 'k'},
    {"accounts", no_argument, NULL, 'a'},
    {"raw", no_argument, NULL, OPT_RAW},
    {"dmy", no_argument, NULL, OPT_DMY},
    {"excel-dates", no_argument, NULL, OPT_EXCEL},
    {"decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA},
    {"rejects", required_argument, NULL, 'r'},
    {"max-rejects", required_argument, NULL, OPT_MAX_REJECTS},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"progress", no_argument, NULL, CLI_OPT_PROGRESS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* A mapping setting, applied after the preset in command-line order. */
struct setting {
	int opt;
	const char *arg;
};

struct options {
	const char *preset, *output, *rejects;
	int show, list, quiet;
	enum progress_mode progress;
	enum import_format format;
	char delim;
	long max_rejects, max_record;
	struct setting *settings;
	size_t nsettings;
};

static void
list_presets(void)
{
	const struct preset *p;
	size_t i;

	for (i = 0; (p = preset_at(i)) != NULL; i++)
		printf("%s\t%s\n", p->name, p->what);
	output_close(stdout);
	exit(EXIT_OK);
}

/* The whole text of a (small) map file. */
static char *
read_text(const char *path)
{
	struct input *in = input_open(path);
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	do {
		grow_array((void **)&buf, &cap, len + 4097, 1);
		n = input_read(in, buf + len, cap - len - 1);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	input_close(in);
	return buf;
}

static void
load_map_file(struct import *im, const char *path)
{
	char err[512], *text = read_text(path);

	if (import_load_map(im, text, path, err, sizeof(err)) != 0) {
		free(text);
		usage_error("%s", err);
	}
	free(text);
}

/*
 * Apply one setting; every option kept as a setting (other than --map and
 * --map-file) has the long name import_option() takes.
 */
static void
apply(struct import *im, const struct setting *s)
{
	const struct option *lo;
	char err[512];

	if (s->opt == 'M') {
		load_map_file(im, s->arg);
		return;
	}
	if (s->opt == 'm') {
		const char *eq = strchr(s->arg, '=');
		char *canon;
		int rc;

		if (eq == NULL || eq == s->arg)
			usage_error("invalid --map '%s' (want CANON=SOURCE)",
			            s->arg);
		canon = xmemdup(s->arg, (size_t)(eq - s->arg));
		rc = import_map(im, canon, eq + 1, err, sizeof(err));
		free(canon);
		if (rc != 0)
			usage_error("--map: %s", err);
		return;
	}
	for (lo = longopts; lo->name; lo++)
		if (lo->val == s->opt &&
		    import_option(im, lo->name, s->arg, err, sizeof(err)) != 0)
			usage_error("%s", err);
}

static void
add_setting(struct options *o, int opt, const char *arg)
{
	o->settings =
	    xreallocarray(o->settings, o->nsettings + 1, sizeof(*o->settings));
	o->settings[o->nsettings].opt = opt;
	o->settings[o->nsettings++].arg = arg ? arg : "";
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "d:p:m:M:t:T:k:ar:o:qhV", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case OPT_CSV:
			o->format = IMPORT_CSV;
			break;
		case OPT_TSV:
			o->format = IMPORT_TSV;
			break;
		case 'd':
			o->delim = sniff_parse_delimiter(optarg);
			if (o->delim == 0)
				usage_error("invalid --delimiter '%s' (want "
				            "one character or 'tab')",
				            optarg);
			break;
		case OPT_MAX_RECORD:
			o->max_record = cli_parse_long(optarg, "--max-record",
			                               16, 1L << 30);
			break;
		case 'p':
			o->preset = optarg;
			break;
		case OPT_LIST_PRESETS:
			o->list = 1;
			break;
		case OPT_SHOW:
			o->show = 1;
			break;
		case 'r':
			o->rejects = optarg;
			break;
		case OPT_MAX_REJECTS:
			o->max_rejects = cli_parse_long(optarg, "--max-rejects",
			                                0, 2000000000L);
			break;
		case 'o':
		case 'q':
		case CLI_OPT_PROGRESS:
		case 'h':
		case 'V':
		case '?':
			cli_common_option(c, optarg, usage, &o->output,
			                  &o->quiet, &o->progress);
			break;
		default:
			add_setting(o, c, optarg);
			break;
		}
	}
	if (o->format == IMPORT_TSV && o->delim && o->delim != '\t')
		usage_error("--tsv is TAB-separated; use --csv -d for '%c'",
		            o->delim);
}

/* The import the options describe; exits on a bad configuration. */
static struct import *
configure(const struct options *o)
{
	struct import *im = import_new();
	char err[512];
	size_t i;

	if (o->preset) {
		const struct preset *p = preset_find(o->preset);

		if (p == NULL)
			usage_error("unknown preset '%s' (see --list-presets)",
			            o->preset);
		if (import_load_map(im, p->text, p->name, err, sizeof(err)))
			die(EXIT_SYSTEM, "preset %s: %s", p->name, err);
	}
	for (i = 0; i < o->nsettings; i++)
		apply(im, &o->settings[i]);
	if (import_check(im, err, sizeof(err)) != 0)
		usage_error("%s", err);
	import_set_input(im, o->format, o->delim, (size_t)o->max_record);
	return im;
}

static FILE *
open_rejects(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		die_errno(EXIT_SYSTEM, "cannot open '%s'", path);
	return f;
}

static void
close_rejects(FILE *f, const char *path)
{
	if (f && (ferror(f) | fclose(f)))
		die_errno(EXIT_SYSTEM, "cannot write '%s'", path);
}

/* Say what was rejected; returns the exit status. */
static int
summarise(const struct options *o, struct import_counts c)
{
	if (c.skipped && !o->quiet)
		warn("%llu of %llu rows made no event (type mapped to '-')",
		     c.skipped, c.rows);
	if (c.rejected == 0)
		return EXIT_OK;
	if (o->rejects)
		warn("%llu of %llu rows rejected (see %s)", c.rejected, c.rows,
		     o->rejects);
	else if (c.rejected > STDERR_REJECTS)
		warn("%llu of %llu rows rejected (the first %d shown; use "
		     "--rejects FILE)",
		     c.rejected, c.rows, STDERR_REJECTS);
	else
		warn("%llu of %llu rows rejected", c.rejected, c.rows);
	if (c.rejected <= (unsigned long long)o->max_rejects)
		return EXIT_OK;
	if (o->output && strcmp(o->output, "-") != 0)
		warn("more than %ld rejected rows (--max-rejects): '%s' not "
		     "written",
		     o->max_rejects, o->output);
	else
		warn("more than %ld rejected rows (--max-rejects)",
		     o->max_rejects);
	return EXIT_DATA;
}

int
main(int argc, char **argv)
{
	struct options o = {0};
	struct import *im;
	FILE *out, *rejects = NULL;
	int i, status;

	error_init(argv[0]);
	argv[0] = (char *)progname(); /* getopt's messages too */
	o.progress = PROGRESS_AUTO;
	parse_options(argc, argv, &o);
	if (o.list)
		list_presets();
	if (o.show) {
		const struct preset *p =
		    o.preset ? preset_find(o.preset) : NULL;

		if (p == NULL)
			usage_error("--show needs a known --preset NAME");
		fputs(p->text, stdout);
		output_close(stdout);
		return EXIT_OK;
	}
	im = configure(&o);
	if (o.rejects)
		rejects = open_rejects(o.rejects);
	import_set_rejects(im, rejects, STDERR_REJECTS);
	import_set_progress(im, o.progress);
	out = output_open(o.output);
	progress_start(o.progress, "rows");
	if (optind == argc)
		import_file(im, "-", out);
	for (i = optind; i < argc; i++)
		if (argc - optind == 1 || input_can_open(argv[i]))
			import_file(im, argv[i], out);
	import_finish(im, out);
	progress_end();
	close_rejects(rejects, o.rejects);
	status = summarise(&o, import_get_counts(im));
	if (status != EXIT_OK && o.output)
		output_abort();
	else
		output_close(out);
	import_free(im);
	free(o.settings);
	return error_status(status);
}
