/*
 * cli.c - what every rmkit program's command line shares.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "error.h"
#include "num.h"

void
cli_version(void)
{
	printf("%s (rmkit) %s\n", progname(), RMKIT_VERSION);
	if (fflush(stdout) != 0 || fclose(stdout) != 0)
		die_errno(EXIT_SYSTEM, "cannot write 'stdout'");
	exit(EXIT_OK);
}

void
cli_help(const char *text)
{
	fputs(text, stdout);
	if (fflush(stdout) != 0 || fclose(stdout) != 0)
		die_errno(EXIT_SYSTEM, "cannot write 'stdout'");
	exit(EXIT_OK);
}

void
cli_common_option(int c, const char *arg, const char *usage,
		  const char **output, int *quiet, enum progress_mode *progress)
{
	switch (c) {
	case 'o':
		*output = arg;
		return;
	case 'q':
		*quiet = 1;
		*progress = PROGRESS_OFF;
		return;
	case CLI_OPT_PROGRESS:
		*progress = PROGRESS_ON;
		return;
	case 'h':
		cli_help(usage);
	case 'V':
		cli_version();
	default:
		fprintf(stderr, "Try '%s --help' for more information.\n",
			progname());
		exit(EXIT_USAGE);
	}
}

int
cli_parse_date(const char *arg, const char *option)
{
	int day;

	if (date_parse_iso(arg, strlen(arg), &day) != 0)
		usage_error("invalid %s '%s' (want a date YYYY-MM-DD)", option,
			    arg);
	return day;
}

long
cli_parse_long(const char *arg, const char *option, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		usage_error("invalid %s '%s' (want a whole number from %ld to "
			    "%ld)",
			    option, arg, min, max);
	return v;
}

double
cli_parse_double(const char *arg, const char *option, double min, double max)
{
	double v;

	if (num_parse(arg, strlen(arg), &v) != 0 || v < min || v > max)
		usage_error("invalid %s '%s' (want a number from %g to %g)",
			    option, arg, min, max);
	return v;
}

static int progress_on;
static const char *progress_what;
static struct timespec progress_last;
static unsigned progress_calls;
static int progress_shown;

int
progress_active(void)
{
	return progress_on;
}

void
progress_start(enum progress_mode mode, const char *what)
{
	progress_on = mode == PROGRESS_ON ||
		      (mode == PROGRESS_AUTO && isatty(STDERR_FILENO));
	progress_what = what;
	clock_gettime(CLOCK_MONOTONIC, &progress_last);
}

void
progress_update(unsigned long long count, unsigned long long bytes)
{
	struct timespec now;
	double dt;

	if (!progress_on || (++progress_calls & 0xFFFF) != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - progress_last.tv_sec) +
	     (double)(now.tv_nsec - progress_last.tv_nsec) / 1e9;
	if (dt < 0.25)
		return;
	progress_last = now;
	fprintf(stderr, "\r%s: %llu %s, %.1f MB", progname(), count,
		progress_what, (double)bytes / 1e6);
	progress_shown = 1;
}

void
progress_end(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
}
