/*
 * test_recpipe_nothread.c - when no thread can be started (this program's
 * pthread_create() always fails, as when a process is out of threads),
 * a recpipe reads on the caller's thread: the same records, and an input
 * that fails part way ends the program there as before.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "csvread.h"
#include "error.h"
#include "input.h"
#include "recpipe.h"

static int create_calls;

/* Every thread start fails (replaces the C library's for this program). */
int
pthread_create(pthread_t *restrict thread, const pthread_attr_t *restrict attr,
               void *(*start)(void *), void *restrict arg)
{
	(void)thread;
	(void)attr;
	(void)start;
	(void)arg;
	create_calls++;
	return EAGAIN;
}

static char dir[] = "/tmp/rmkit-recpipe-nt.XXXXXX";
static char path[300], gzpath[300];

/* CSV text with a syntax error every 50 rows; *len set. */
static char *
make_csv(int rows, size_t *len)
{
	size_t cap = (size_t)rows * 64 + 64, n;
	char *s = malloc(cap);
	int i;

	n = (size_t)snprintf(s, cap, "id,account,note\n");
	for (i = 1; i <= rows; i++)
		n += (size_t)snprintf(s + n, cap - n, "%d,A%d,%s\n", i, i % 77,
		                      i % 50 ? "\"a, b\"" : "x\"y");
	*len = n;
	return s;
}

/* A hash of the header record of r (read here). */
static unsigned long
hash_header(struct csv_reader *r)
{
	unsigned long h = 5381;

	h = h * 33 + (unsigned long)(csv_reader_next(r) == 1);
	h = h * 33 + (unsigned long)csv_reader_line(r);
	h = h * 33 + csv_reader_nfields(r);
	return h * 33 + strlen(csv_reader_field(r, 2));
}

/* A hash of every record's line, field count and third field's length. */
static unsigned long
hash_direct(const char *p)
{
	struct input *in = input_open(p);
	struct csv_reader *r = csv_reader_new(in, ',', '"', 0);
	unsigned long h = hash_header(r);
	int rc;

	while ((rc = csv_reader_next(r)) != 0) {
		h = h * 33 + (unsigned long)csv_reader_line(r);
		h = h * 33 + (rc < 0 ? 7 : csv_reader_nfields(r));
		if (rc > 0)
			h = h * 33 + csv_reader_field_len(r, 2);
	}
	csv_reader_free(r);
	input_close(in);
	return h;
}

/* The same through a recpipe; *threaded: whether it used a thread. */
static unsigned long
hash_piped(const char *p, int *threaded)
{
	struct input *in = input_open(p);
	struct csv_reader *r = csv_reader_new(in, ',', '"', 0);
	unsigned long h = hash_header(r);
	struct recpipe *pipe = recpipe_start(r, in, RECPIPE_TWO);
	const size_t *off, *len;
	int rc;

	*threaded = 0;
	while ((rc = recpipe_next(pipe)) != 0) {
		*threaded |= recpipe_threaded(pipe);
		h = h * 33 + (unsigned long)recpipe_line(pipe);
		h = h * 33 + (rc < 0 ? 7 : recpipe_nfields(pipe));
		if (rc > 0) {
			recpipe_record(pipe, &off, &len);
			h = h * 33 + len[2];
		}
	}
	recpipe_finish(pipe);
	csv_reader_free(r);
	input_close(in);
	return h;
}

static jmp_buf died;
static int died_status;

static void
catch_exit(int status)
{
	died_status = status;
	longjmp(died, 1);
}

/* Records before the truncated gzip data fails, through a recpipe. */
static long
piped_until_failure(void)
{
	static struct input *in;
	static struct csv_reader *r;
	static struct recpipe *pipe;
	static long n;

	n = 0;
	died_status = -1;
	error_set_exit(catch_exit);
	if (setjmp(died) == 0) {
		in = input_open(gzpath);
		r = csv_reader_new(in, ',', '"', 0);
		pipe = recpipe_start(r, in, RECPIPE_TWO);
		while (recpipe_next(pipe) != 0)
			n++;
	}
	error_set_exit(NULL);
	recpipe_finish(pipe);
	csv_reader_free(r);
	input_close(in);
	return n;
}

int
main(void)
{
	size_t len;
	char *csv = make_csv(20000, &len);
	FILE *f;
	gzFile gz;
	int threaded;
	long n;

	if (mkdtemp(dir) == NULL)
		return 1;
	error_init("test_recpipe_nothread");
	snprintf(path, sizeof(path), "%s/in.csv", dir);
	snprintf(gzpath, sizeof(gzpath), "%s/in.csv.gz", dir);
	f = fopen(path, "wb");
	fwrite(csv, 1, len, f);
	fclose(f);
	CHECK(hash_piped(path, &threaded) == hash_direct(path));
	CHECK(!threaded);
	CHECK(create_calls > 0);

	gz = gzopen(gzpath, "wb");
	gzwrite(gz, csv, (unsigned)len);
	gzclose(gz);
	f = fopen(gzpath, "rb+");
	fseek(f, 0, SEEK_END);
	CHECK(ftruncate(fileno(f), ftell(f) / 2) == 0);
	fclose(f);
	fprintf(stderr, "(a 'truncated gzip data' message is expected)\n");
	n = piped_until_failure();
	CHECK(n > 1000 && n < 20000);
	CHECK_INT(died_status, EXIT_DATA);

	unlink(path);
	unlink(gzpath);
	rmdir(dir);
	free(csv);
	return check_exit();
}
