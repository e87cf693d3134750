/*
 * test_cli.c - option value parsing and the shared options.  The error
 * paths exit with EXIT_USAGE; they are checked by the command tests
 * (tests/cli/common/conventions.sh and each program's bad-option tests),
 * and here in a child process.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "error.h"

/* The exit status of fn(arg) run in a child process (stderr silenced). */
static int
status_of(void (*fn)(const char *), const char *arg)
{
	pid_t pid;
	int st;

	fflush(stdout); /* or the child's exit() prints our lines again */
	pid = fork();
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(99);
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
parse_date(const char *arg)
{
	cli_parse_date(arg, "--as-of");
}

static void
parse_long(const char *arg)
{
	cli_parse_long(arg, "--window", 1, 3650);
}

static void
parse_double(const char *arg)
{
	cli_parse_double(arg, "--discount", 0, 1);
}

static void
common_unknown(const char *arg)
{
	const char *out = NULL;
	int quiet = 0;
	enum progress_mode p = PROGRESS_AUTO;

	(void)arg;
	cli_common_option('?', NULL, "usage\n", &out, &quiet, &p);
}

int
main(void)
{
	const char *out = NULL;
	int quiet = 0;
	enum progress_mode p = PROGRESS_AUTO;

	error_init("test_cli");
	CHECK_INT(cli_parse_date("1970-01-02", "--as-of"), 1);
	CHECK_INT(cli_parse_long("90", "--window", 1, 3650), 90);
	CHECK_NEAR(cli_parse_double("0.01", "--discount", 0, 1), 0.01, 1e-15);
	CHECK_INT(status_of(parse_date, "2024-02-30"), EXIT_USAGE);
	CHECK_INT(status_of(parse_date, "yesterday"), EXIT_USAGE);
	CHECK_INT(status_of(parse_long, "0"), EXIT_USAGE);
	CHECK_INT(status_of(parse_long, "12x"), EXIT_USAGE);
	CHECK_INT(status_of(parse_long, ""), EXIT_USAGE);
	CHECK_INT(status_of(parse_long, "99999999999999999999"), EXIT_USAGE);
	CHECK_INT(status_of(parse_double, "1.5"), EXIT_USAGE);
	CHECK_INT(status_of(parse_double, "nan"), EXIT_USAGE);
	CHECK_INT(status_of(parse_double, "0.5"), 0);

	cli_common_option('o', "report.tsv", "usage\n", &out, &quiet, &p);
	CHECK_STR(out, "report.tsv");
	cli_common_option(CLI_OPT_PROGRESS, NULL, "usage\n", &out, &quiet, &p);
	CHECK(p == PROGRESS_ON && quiet == 0);
	cli_common_option('q', NULL, "usage\n", &out, &quiet, &p);
	CHECK(p == PROGRESS_OFF && quiet == 1);
	CHECK_INT(status_of(common_unknown, NULL), EXIT_USAGE);
	return check_exit();
}
