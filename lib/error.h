/*
 * error.h - program name, exit codes and err(3)-style reporting.
 *
 * Every rmkit program calls error_init(argv[0]) first.  Messages go to
 * stderr as "rm-x: message"; callers word them in lower case without a
 * final period and quote the offending value, as in
 *
 *	die(EXIT_DATA, "%s:%ld: column 'date': invalid date '%s'", ...);
 */
#ifndef RMKIT_ERROR_H
#define RMKIT_ERROR_H

#include <stdarg.h>

/* Exit statuses shared by all programs (see DESIGN.md). */
enum {
	EXIT_OK = 0,	 /* success */
	EXIT_DATA = 1,	 /* bad data: rejected rows, unparseable file */
	EXIT_USAGE = 2,	 /* bad command line */
	EXIT_TARGET = 3, /* a KPI target was missed (rm-report) */
	EXIT_SYSTEM = 4	 /* cannot open, cannot write, out of memory */
};

/* Remember the program name (basename of argv0) for messages. */
void error_init(const char *argv0);

/* The program name set by error_init(), "rmkit" before it. */
const char *progname(void);

/*
 * Print "prog: message" to stderr, run the cleanup hook (which removes
 * half-written output files) and exit with status.  Never returns.
 */
void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Like die() but appends ": strerror(errno)" to the message. */
void die_errno(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Print "prog: message" to stderr and return. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The va_list form of warn(). */
void vwarn(const char *fmt, va_list ap);

/*
 * Print "prog: message" and go on, but remember status for the end: a
 * program that can still do useful work after a failure (a missing file
 * among several inputs) reports it at once and exits with status after
 * finishing, through error_status().  The highest status remembered wins.
 */
void warn_later(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The exit status of a program that finished with status: the higher of
 * status and the one remembered by warn_later() (0 when none).
 */
int error_status(int status);

/*
 * Print "prog: message" and "Try 'prog --help' for more information." to
 * stderr and exit with EXIT_USAGE.
 */
void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/*
 * Register the function die() calls before exiting, so that an output
 * module can remove its temporary file.  One hook; a later call replaces
 * the earlier one.
 */
void error_set_cleanup(void (*fn)(void));

/*
 * For fuzz and test harnesses only: make die(), die_errno() and
 * usage_error() call fn(status) instead of exit(status), after the
 * message and the cleanup hook.  fn must not return (it longjmps back
 * into the harness); if it does, the program exits as before.  NULL (the
 * default) restores plain exit().  Programs never call this.
 */
void error_set_exit(void (*fn)(int status));

#endif
