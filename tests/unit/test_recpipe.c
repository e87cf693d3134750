/*
 * test_recpipe.c - records parsed on a second thread: the same records,
 * fields, lines, errors and raw bytes as the reader gives on one thread,
 * for every mode and batch size; an input that fails part way; stopping
 * early; RMKIT_THREADS.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "text.h"
#include "csvread.h"
#include "error.h"
#include "input.h"
#include "recpipe.h"
#include "xalloc.h"

static char dir[] = "/tmp/rmkit-recpipe.XXXXXX";
static char path[300], gzpath[300];

/* add() with NUL bytes written "\\0" (the transcripts are C strings). */
static void
add_text(struct text *t, const char *s, size_t n)
{
	const char *nul;

	while ((nul = memchr(s, '\0', n)) != NULL) {
		add(t, s, (size_t)(nul - s));
		add(t, "\\0", 2);
		n -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	add(t, s, n);
}

static void
addf(struct text *t, const char *fmt, long a, long b)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), fmt, a, b);

	add(t, buf, (size_t)n);
}

/* rows CSV rows with bad ones among them (like tests/cli/import-thread). */
static void
make_csv(struct text *t, int rows)
{
	char buf[4096];
	int i, n;

	add(t, "id,account,date,note\n", 21);
	for (i = 1; i <= rows; i++) {
		const char *note = "plain";
		char big[3300];

		if (i % 97 == 0)
			note = "a \"quote\" inside";
		else if (i % 101 == 0)
			note = "\"closed\" then text";
		else if (i % 103 == 0)
			note = "\"line one\nline two,\r\nthree\"";
		else if (i % 107 == 0)
			note = "four,fields";
		else if (i % 211 == 0) {
			memset(big, 'x', sizeof(big) - 1);
			big[0] = big[sizeof(big) - 2] = '"';
			big[sizeof(big) - 1] = '\0';
			note = big;
		}
		n = snprintf(buf, sizeof(buf), "%d,A%05d,2024-%02d-%02d,%s%s",
		             i, i * 7 % 1000, i % 12 + 1, i % 28 + 1, note,
		             i % 89 == 0 ? "\r\n" : "\n");
		add(t, buf, (size_t)n);
		if (i % 113 == 0)
			add(t, "nul \0 byte,x,y,z\n", 17);
	}
}

static void
write_file(const char *p, const char *data, size_t len)
{
	FILE *f = fopen(p, "wb");

	fwrite(data, 1, len, f);
	fclose(f);
}

/* Describe what csv_reader_next() returned, from the reader itself. */
static void
describe_reader(struct text *t, struct csv_reader *r, int rc)
{
	size_t i, n, len;
	const char *raw = csv_reader_raw(r, &len);

	if (rc < 0) {
		addf(t, "E%ld:", csv_reader_line(r), 0);
		add(t, csv_reader_error(r), strlen(csv_reader_error(r)));
	} else {
		n = csv_reader_nfields(r);
		addf(t, "L%ld:%ld:", csv_reader_line(r), (long)n);
		for (i = 0; i < n; i++) {
			addf(t, "%ld=", (long)csv_reader_field_len(r, i), 0);
			add_text(t, csv_reader_field(r, i),
			         csv_reader_field_len(r, i));
			add(t, "|", 1);
		}
	}
	add(t, " raw=", 5);
	add_text(t, raw, len);
	add(t, ";\n", 2);
}

/* The same from a recpipe. */
static void
describe_pipe(struct text *t, struct recpipe *p, int rc)
{
	size_t i, n, len;
	const char *raw = recpipe_raw(p, &len), *rec;
	const size_t *off, *flen;

	if (rc < 0) {
		addf(t, "E%ld:", recpipe_line(p), 0);
		add(t, recpipe_error(p), strlen(recpipe_error(p)));
	} else {
		n = recpipe_nfields(p);
		rec = recpipe_record(p, &off, &flen);
		addf(t, "L%ld:%ld:", recpipe_line(p), (long)n);
		for (i = 0; i < n; i++) {
			addf(t, "%ld=", (long)flen[i], 0);
			add_text(t, rec + off[i], flen[i]);
			add(t, "|", 1);
			if (rec[off[i] + flen[i]] != '\0')
				add(t, "(no NUL)", 8);
		}
	}
	add(t, " raw=", 5);
	add_text(t, raw, len);
	add(t, ";\n", 2);
}

static const unsigned char wanted[] = {1, 0, 1, 1};

/* A reader of file p after its header, as rm-import sets it up. */
static struct csv_reader *
open_reader(const char *p, struct input **in, size_t max)
{
	struct csv_reader *r;

	*in = input_open(p);
	r = csv_reader_new(*in, ',', '"', max);
	csv_reader_keep_raw(r, 1);
	csv_reader_trim_blanks(r, 1);
	if (csv_reader_next(r) != 1)
		return r;
	csv_reader_select(r, wanted, sizeof(wanted));
	return r;
}

/* Everything after the header, read on one thread by the reader. */
static char *
read_direct(const char *p, size_t max)
{
	struct text t = {0};
	struct input *in;
	struct csv_reader *r = open_reader(p, &in, max);
	int rc;

	add(&t, "", 0);
	while ((rc = csv_reader_next(r)) != 0)
		describe_reader(&t, r, rc);
	csv_reader_free(r);
	input_close(in);
	return t.s;
}

/* The same through a recpipe; *threaded tells whether it used a thread. */
static char *
read_piped(const char *p, size_t max, enum recpipe_mode mode, size_t batch,
           int *threaded)
{
	struct text t = {0};
	struct input *in;
	struct csv_reader *r = open_reader(p, &in, max);
	struct recpipe *pipe = recpipe_start(r, in, mode);
	int rc;

	add(&t, "", 0);
	if (batch)
		recpipe_set_batch_bytes(pipe, batch);
	*threaded = 0;
	while ((rc = recpipe_next(pipe)) != 0) {
		*threaded |= recpipe_threaded(pipe);
		describe_pipe(&t, pipe, rc);
	}
	if (recpipe_next(pipe) != 0) /* the end again, as the reader does */
		add(&t, "(more after the end)", 20);
	recpipe_finish(pipe);
	csv_reader_free(r);
	input_close(in);
	return t.s;
}

static void
test_same_records(void)
{
	struct text csv = {0};
	char *want, *got;
	int threaded;
	static const size_t batches[] = {1, 100, 5000, 0};
	size_t k;

	make_csv(&csv, 30000); /* over RECPIPE_START_BYTES: auto starts */
	CHECK(csv.len > RECPIPE_START_BYTES);
	write_file(path, csv.s, csv.len);
	want = read_direct(path, 3000);
	CHECK(strstr(want, "E98:quote inside an unquoted field") != NULL);
	CHECK(strstr(want, "NUL byte") != NULL);
	CHECK(strstr(want, "record longer than 3000") != NULL);

	got = read_piped(path, 3000, RECPIPE_ONE, 0, &threaded);
	CHECK(strcmp(got, want) == 0);
	CHECK(!threaded);
	free(got);
	for (k = 0; k < sizeof(batches) / sizeof(batches[0]); k++) {
		got =
		    read_piped(path, 3000, RECPIPE_TWO, batches[k], &threaded);
		CHECK(strcmp(got, want) == 0);
		CHECK(threaded);
		free(got);
		got =
		    read_piped(path, 3000, RECPIPE_AUTO, batches[k], &threaded);
		CHECK(strcmp(got, want) == 0);
		if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
			CHECK(threaded);
		free(got);
	}
	free(want);

	/* a small input: auto keeps one thread */
	write_file(path, csv.s, 30000);
	want = read_direct(path, 0);
	got = read_piped(path, 0, RECPIPE_AUTO, 0, &threaded);
	CHECK(strcmp(got, want) == 0);
	CHECK(!threaded);
	free(got);
	got = read_piped(path, 0, RECPIPE_TWO, 64, &threaded);
	CHECK(strcmp(got, want) == 0);
	CHECK(threaded);
	free(got);
	free(want);
	free(csv.s);
}

/* An input that fails part way: die() is caught here. */
static jmp_buf died;
static int died_status;

static void
catch_exit(int status)
{
	died_status = status;
	longjmp(died, 1);
}

/* Records read from the truncated gzip file before the failure. */
static long
read_until_failure(enum recpipe_mode mode, size_t batch)
{
	static struct input *in;
	static struct csv_reader *r;
	static struct recpipe *pipe;
	static long n;

	n = 0;
	pipe = NULL;
	died_status = -1;
	error_set_exit(catch_exit);
	if (setjmp(died) == 0) {
		r = open_reader(gzpath, &in, 0);
		if (mode != RECPIPE_ONE) {
			pipe = recpipe_start(r, in, mode);
			recpipe_set_batch_bytes(pipe, batch);
			while (recpipe_next(pipe) != 0)
				n++;
		} else {
			while (csv_reader_next(r) != 0)
				n++;
		}
		n = -n - 1; /* no failure */
	}
	error_set_exit(NULL);
	recpipe_finish(pipe);
	csv_reader_free(r);
	input_close(in);
	return n;
}

static void
test_input_failure(void)
{
	struct text csv = {0};
	gzFile gz;
	FILE *f;
	long size, want;

	make_csv(&csv, 60000);
	gz = gzopen(gzpath, "wb");
	gzwrite(gz, csv.s, (unsigned)csv.len);
	gzclose(gz);
	f = fopen(gzpath, "rb+");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	CHECK(ftruncate(fileno(f), size / 2) == 0);
	fclose(f);
	fprintf(stderr, "(the 'truncated gzip data' messages are expected)\n");
	want = read_until_failure(RECPIPE_ONE, 0);
	CHECK(want > 1000);
	CHECK_INT(died_status, EXIT_DATA);
	CHECK_INT(read_until_failure(RECPIPE_TWO, 1), want);
	CHECK_INT(died_status, EXIT_DATA);
	CHECK_INT(read_until_failure(RECPIPE_TWO, 0), want);
	CHECK_INT(died_status, EXIT_DATA);
	CHECK_INT(read_until_failure(RECPIPE_AUTO, 777), want);
	CHECK_INT(died_status, EXIT_DATA);
	free(csv.s);
}

/* The caller stops before the end: the thread is stopped, nothing hangs. */
static void
test_stop_early(void)
{
	struct text csv = {0};
	struct input *in;
	struct csv_reader *r;
	struct recpipe *p;
	int i;

	make_csv(&csv, 20000);
	write_file(path, csv.s, csv.len);
	r = open_reader(path, &in, 0);
	p = recpipe_start(r, in, RECPIPE_TWO);
	recpipe_set_batch_bytes(p, 200);
	for (i = 0; i < 5; i++)
		CHECK_INT(recpipe_next(p), 1);
	CHECK_INT(recpipe_line(p), 6);
	recpipe_finish(p);
	csv_reader_free(r);
	input_close(in);
	free(csv.s);
}

static void
test_threads_env(void)
{
	enum recpipe_mode dflt = RECPIPE_ONE; /* the thread is asked for */

	setenv("RMKIT_THREADS", "1", 1);
	CHECK_INT(recpipe_threads(), RECPIPE_ONE);
	setenv("RMKIT_THREADS", "2", 1);
	CHECK_INT(recpipe_threads(), RECPIPE_TWO);
	setenv("RMKIT_THREADS", "16", 1);
	CHECK_INT(recpipe_threads(), RECPIPE_TWO);
	setenv("RMKIT_THREADS", "17", 1);
	CHECK_INT(recpipe_threads(), dflt);
	setenv("RMKIT_THREADS", "2x", 1);
	CHECK_INT(recpipe_threads(), dflt);
	setenv("RMKIT_THREADS", "", 1);
	CHECK_INT(recpipe_threads(), dflt);
	unsetenv("RMKIT_THREADS");
	CHECK_INT(recpipe_threads(), dflt);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/in.csv", dir);
	snprintf(gzpath, sizeof(gzpath), "%s/in.csv.gz", dir);
	error_init("test_recpipe");
	test_same_records();
	test_input_failure();
	test_stop_early();
	test_threads_env();
	unlink(path);
	unlink(gzpath);
	rmdir(dir);
	return check_exit();
}
