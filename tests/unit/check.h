/*
 * check.h - the smallest test harness that works.
 *
 * A unit test program calls the check_* functions, each of which prints
 * one line, "ok - FILE:LINE: what" or "not ok - FILE:LINE: what ...", and
 * ends main with "return check_exit();".  tests/run.sh counts the lines.
 * Include it in one file per test program (the functions are static).
 */
#ifndef RMKIT_CHECK_H
#define RMKIT_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

/* Report a check that is true when ok is non-zero. */
static __attribute__((unused)) void
check_true(int ok, const char *what, const char *file, int line)
{
	printf("%s - %s:%d: %s\n", ok ? "ok" : "not ok", file, line, what);
	if (!ok)
		check_failures++;
}

/* Report whether the strings got and want are equal. */
static __attribute__((unused)) void
check_string(const char *got, const char *want, const char *what,
	     const char *file, int line)
{
	int ok = got && want && strcmp(got, want) == 0;

	check_true(ok, what, file, line);
	if (!ok)
		printf("#   got  '%s'\n#   want '%s'\n", got ? got : "(null)",
		       want ? want : "(null)");
}

/* Report whether got is within tol of want (relative for large values). */
static __attribute__((unused)) void
check_near(double got, double want, double tol, const char *what,
	   const char *file, int line)
{
	double scale = fabs(want) > 1 ? fabs(want) : 1;
	int ok = fabs(got - want) <= tol * scale ||
		 (isnan(got) && isnan(want));

	check_true(ok, what, file, line);
	if (!ok)
		printf("#   got  %.17g\n#   want %.17g\n", got, want);
}

/* Report whether the integers got and want are equal. */
static __attribute__((unused)) void
check_long(long long got, long long want, const char *what, const char *file,
	   int line)
{
	check_true(got == want, what, file, line);
	if (got != want)
		printf("#   got  %lld\n#   want %lld\n", got, want);
}

static __attribute__((unused)) int
check_exit(void)
{
	return check_failures ? 1 : 0;
}

#define CHECK(c) check_true((c) != 0, #c, __FILE__, __LINE__)
#define CHECK_STR(g, w) check_string((g), (w), #g, __FILE__, __LINE__)
#define CHECK_NEAR(g, w, t) check_near((g), (w), (t), #g, __FILE__, __LINE__)
#define CHECK_INT(g, w) check_long((g), (w), #g, __FILE__, __LINE__)

#endif
