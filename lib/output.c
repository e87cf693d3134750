/*
 * output.c - the one output stream of a program, written safely.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "output.h"
#include "xalloc.h"

#define OUTPUT_BUFFER ((size_t)256 * 1024)

static FILE *out;
static char *target;	/* NULL for stdout */
static char *tmpname;

static void
remove_temporary(void)
{
	if (out && out != stdout)
		(void)fclose(out); /* abandoned: its errors do not matter */
	out = NULL;
	if (tmpname) {
		unlink(tmpname);
		free(tmpname);
		tmpname = NULL;
	}
	free(target);
	target = NULL;
}

/*
 * A target that exists and is not a regular file (/dev/null, /dev/full, a
 * FIFO, a terminal) is written in place: renaming a temporary file over it
 * would replace the device (as root) or fail.  tmpname stays NULL.
 */
static FILE *
open_directly(const char *path)
{
	out = fopen(path, "w");
	if (out == NULL)
		die_errno(EXIT_SYSTEM, "cannot write '%s'", path);
	(void)setvbuf(out, NULL, _IOFBF, OUTPUT_BUFFER); /* only a speed-up */
	error_set_cleanup(remove_temporary);
	return out;
}

FILE *
output_open(const char *path)
{
	struct stat st;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0) {
		out = stdout;
		(void)setvbuf(stdout, NULL, _IOFBF, OUTPUT_BUFFER);
		return out;
	}
	target = xstrdup(path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return open_directly(path);
	tmpname = xmalloc(strlen(path) + 16);
	(void)snprintf(tmpname, strlen(path) + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmpname);
	if (fd < 0) {
		free(tmpname);
		tmpname = NULL;
		die_errno(EXIT_SYSTEM, "cannot write '%s'", path);
	}
	out = fdopen(fd, "w");
	if (out == NULL) {
		close(fd);
		unlink(tmpname);
		die_errno(EXIT_SYSTEM, "cannot write '%s'", path);
	}
	(void)setvbuf(out, NULL, _IOFBF, OUTPUT_BUFFER); /* only a speed-up */
	error_set_cleanup(remove_temporary);
	return out;
}

/* Finish an output opened by open_directly(). */
static void
close_directly(FILE *f)
{
	if (fflush(f) != 0 || ferror(f))
		die_errno(EXIT_SYSTEM, "cannot write '%s'", target);
	out = NULL;
	if (fclose(f) != 0)
		die_errno(EXIT_SYSTEM, "cannot write '%s'", target);
	free(target);
	target = NULL;
	error_set_cleanup(NULL);
}

void
output_close(FILE *f)
{
	mode_t mask;

	if (f == stdout || f != out) {
		if (fflush(f) != 0 || ferror(f))
			die_errno(EXIT_SYSTEM, "cannot write 'stdout'");
		if (f == stdout && fclose(stdout) != 0)
			die_errno(EXIT_SYSTEM, "cannot write 'stdout'");
		out = NULL;
		return;
	}
	if (tmpname == NULL) {
		close_directly(f);
		return;
	}
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		die_errno(EXIT_SYSTEM, "cannot write '%s'", target);
	mask = umask(0);
	umask(mask);
	if (fchmod(fileno(f), 0666 & ~mask) != 0)
		die_errno(EXIT_SYSTEM, "cannot write '%s'", target);
	if (fclose(f) != 0) {
		out = NULL;
		die_errno(EXIT_SYSTEM, "cannot write '%s'", target);
	}
	out = NULL;
	if (rename(tmpname, target) != 0)
		die_errno(EXIT_SYSTEM, "cannot write '%s'", target);
	free(tmpname);
	tmpname = NULL;
	free(target);
	target = NULL;
	error_set_cleanup(NULL);
}

void
output_abort(void)
{
	if (out == stdout) {
		(void)fflush(stdout); /* on the way out after an error */
		return;
	}
	remove_temporary();
	error_set_cleanup(NULL);
}

int
output_is_terminal(void)
{
	return out == stdout && isatty(STDOUT_FILENO);
}
