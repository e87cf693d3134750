/*
 * error.c - program name, exit codes and err(3)-style reporting.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const char *prog = "rmkit";
static void (*cleanup)(void);
static void (*exit_hook)(int status);
static int later_status; /* from warn_later(), for error_status() */

void
error_init(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	prog = slash ? slash + 1 : argv0;
}

const char *
progname(void)
{
	return prog;
}

void
error_set_cleanup(void (*fn)(void))
{
	cleanup = fn;
}

void
error_set_exit(void (*fn)(int status))
{
	exit_hook = fn;
}

void
vwarn(const char *fmt, va_list ap)
{
	(void)fflush(stdout); /* best effort: stdout before the message */
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
warn_later(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	if (status > later_status)
		later_status = status;
}

int
error_status(int status)
{
	return status > later_status ? status : later_status;
}

static void
run_cleanup(void)
{
	void (*fn)(void) = cleanup;

	cleanup = NULL;
	if (fn)
		fn();
}

/* exit(status), or the harness's exit hook when one is set. */
static __attribute__((noreturn)) void
leave(int status)
{
	if (exit_hook)
		exit_hook(status);
	exit(status);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	run_cleanup();
	leave(status);
}

void
die_errno(int status, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	(void)fflush(stdout); /* best effort: stdout before the message */
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	run_cleanup();
	leave(status);
}

void
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	run_cleanup();
	leave(EXIT_USAGE);
}
