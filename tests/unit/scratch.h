/*
 * scratch.h - a scratch directory for unit tests that need files.
 *
 * scratch_open() makes a new directory under /tmp, scratch_path() names
 * a file in it, scratch_write() writes one, scratch_remove() deletes the
 * directory and everything in it.  Include it in one file per test
 * program (the functions are static), like check.h.
 */
#ifndef RMKIT_SCRATCH_H
#define RMKIT_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char scratch_dir[64];

/*
 * Make the directory, named after prefix ("io" gives /tmp/rmkit-io.XXXXXX).
 * Returns 0, or -1 (with a message) when it cannot be made.
 */
static __attribute__((unused)) int
scratch_open(const char *prefix)
{
	snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/rmkit-%s.XXXXXX",
	         prefix);
	if (mkdtemp(scratch_dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

/*
 * The path of file name in the directory.  The string lives until the
 * fourth call after this one, so a few paths can be used at once.
 */
static __attribute__((unused)) char *
scratch_path(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", scratch_dir, name);
	return buf[k];
}

/* Write the len bytes at data to file name in the directory. */
static __attribute__((unused)) void
scratch_write(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(scratch_path(name), "wb");

	if (f == NULL) {
		perror(name);
		exit(2);
	}
	fwrite(data, 1, len, f);
	fclose(f);
}

/* Delete the directory and its files; 0, or -1 when that failed. */
static __attribute__((unused)) int
scratch_remove(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch_dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
