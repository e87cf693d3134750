/*
 * cli.h - what every rmkit program's command line shares.
 *
 * Conventions (DESIGN.md): getopt_long, a long form for every short
 * option, -h/--help prints usage to stdout and exits 0, -V/--version
 * prints "rm-x (rmkit) X.Y.Z", a bad command line exits with EXIT_USAGE.
 * The parse helpers below report a bad option value as
 *
 *	rm-x: invalid --window 'abc' (want a whole number from 1 to 3650)
 *
 * and exit with EXIT_USAGE.
 */
#ifndef RMKIT_CLI_H
#define RMKIT_CLI_H

#define RMKIT_VERSION "0.1.0"

/* Print "prog (rmkit) VERSION" to stdout and exit 0. */
void cli_version(void) __attribute__((noreturn));

/* Print text to stdout, check the write and exit 0 (for --help). */
void cli_help(const char *text) __attribute__((noreturn));

/*
 * The progress setting from --progress / --quiet: PROGRESS_AUTO shows
 * progress when stderr is a terminal.
 */
enum progress_mode { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF };

/* getopt_long's code for --progress, in every program's option table. */
enum { CLI_OPT_PROGRESS = 0x7000 };

/*
 * Handle an option every program shares, from the default: branch of its
 * getopt_long switch: -o/--output sets *output, -q/--quiet sets *quiet and
 * turns progress off, --progress (CLI_OPT_PROGRESS) turns it on,
 * -h/--help prints usage and exits 0, -V/--version prints the version and
 * exits 0.  Anything else is a bad command line (getopt_long has already
 * said what): "Try 'rm-x --help'" and exit with EXIT_USAGE.
 */
void cli_common_option(int c, const char *arg, const char *usage,
		       const char **output, int *quiet,
		       enum progress_mode *progress);

/* Parse a YYYY-MM-DD option value into a day number. */
int cli_parse_date(const char *arg, const char *option);

/* Parse a whole number in [min, max]. */
long cli_parse_long(const char *arg, const char *option, long min, long max);

/* Parse a plain decimal in [min, max]. */
double cli_parse_double(const char *arg, const char *option, double min,
			double max);

/*
 * Start progress reporting for what (e.g. "events") in this mode.  Cheap
 * when off.
 */
void progress_start(enum progress_mode mode, const char *what);

/*
 * Report that count items and bytes have been read; prints at most a few
 * times a second, on one line of stderr.
 */
void progress_update(unsigned long long count, unsigned long long bytes);

/* Whether progress_start() turned progress on (its mode's rule). */
int progress_active(void);

/* Clear the progress line. */
void progress_end(void);

#endif
