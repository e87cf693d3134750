/*
 * test_io.c - input (plain, gzip, BOM, line ends, buffer boundaries), the
 * TSV reader and writer, and the atomic output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "scratch.h"
#include "input.h"
#include "num.h"
#include "output.h"
#include "tsv.h"
#include "utf8.h"
#include "xalloc.h"

static void
write_gzip(const char *name, const char *data, size_t len)
{
	gzFile g = gzopen(scratch_path(name), "wb");

	gzwrite(g, data, (unsigned)len);
	gzclose(g);
}

/* Read every line of a file joined by '|'. */
static char *
lines_of(const char *name)
{
	struct input *in = input_open(scratch_path(name));
	static char out[4096];
	char *line;
	size_t len, n = 0;

	out[0] = '\0';
	while (input_getline(in, &line, &len)) {
		if (n + len + 2 >= sizeof(out))
			break;
		memcpy(out + n, line, len);
		n += len;
		out[n++] = '|';
		out[n] = '\0';
	}
	input_close(in);
	return out;
}

static void
test_line_ends(void)
{
	scratch_write("lf", "a\nb\n\nc", 6);
	CHECK_STR(lines_of("lf"), "a|b||c|");
	scratch_write("crlf", "a\r\nb\r\n", 6);
	CHECK_STR(lines_of("crlf"), "a|b|");
	scratch_write("cr", "a\rb\rc\r", 6);
	CHECK_STR(lines_of("cr"), "a|b|c|");
	scratch_write("bom", "\xEF\xBB\xBFid\nx\n", 8);
	CHECK_STR(lines_of("bom"), "id|x|");
	scratch_write("empty", "", 0);
	CHECK_STR(lines_of("empty"), "");
	scratch_write("one", "x", 1);
	CHECK_STR(lines_of("one"), "x|");
	write_gzip("gz", "a\nb\n", 4);
	CHECK_STR(lines_of("gz"), "a|b|");
	write_gzip("gzbom", "\xEF\xBB\xBFh\r\nv\r\n", 9);
	CHECK_STR(lines_of("gzbom"), "h|v|");
}

/* Lines of every length around the 256 KiB buffer must come back whole. */
static void
test_buffer_boundaries(void)
{
	size_t sizes[] = {1,      100,    131071, 131072,
	                  262143, 262144, 262145, 600000};
	size_t total = 0, i, j, len;
	char *data, *p, *line;
	struct input *in;
	int ok = 1;

	for (i = 0; i < 8; i++)
		total += sizes[i] + 2;
	data = xmalloc(total);
	p = data;
	for (i = 0; i < 8; i++) {
		memset(p, 'a' + (int)i, sizes[i]);
		p += sizes[i];
		*p++ = '\r';
		*p++ = '\n';
	}
	scratch_write("big", data, total);
	write_gzip("big.gz", data, total);
	for (j = 0; j < 2; j++) {
		in = input_open(scratch_path(j ? "big.gz" : "big"));
		for (i = 0; i < 8; i++) {
			if (!input_getline(in, &line, &len) ||
			    len != sizes[i] || line[0] != 'a' + (int)i ||
			    line[len - 1] != 'a' + (int)i || line[len] != '\0')
				ok = 0;
		}
		if (input_getline(in, &line, &len) || input_lineno(in) != 8)
			ok = 0;
		CHECK(input_bytes(in) == total);
		input_close(in);
	}
	CHECK(ok);
	free(data);
}

static void
test_read_bytes(void)
{
	struct input *in;
	char buf[16];
	size_t n;

	write_gzip("bytes.gz", "\xEF\xBB\xBFhello", 8);
	in = input_open(scratch_path("bytes.gz"));
	n = input_read(in, buf, sizeof(buf));
	CHECK(n == 5 && memcmp(buf, "hello", 5) == 0);
	CHECK(input_read(in, buf, sizeof(buf)) == 0);
	input_close(in);
}

/* gzip data of len bytes at data, in gz (whose size is returned). */
static size_t
gzip_bytes(const char *data, size_t len, unsigned char *gz, size_t cap)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = gz;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return cap - z.avail_out;
}

/* Every byte of a file through input_read() in reads of n bytes. */
static char *
bytes_of(const char *name, size_t n, size_t *total)
{
	struct input *in = input_open(scratch_path(name));
	char *out = NULL;
	size_t cap = 0, got;

	*total = 0;
	do {
		grow_array((void **)&out, &cap, *total + n + 1, 1);
		got = input_read(in, out + *total, n);
		*total += got;
	} while (got > 0);
	out[*total] = '\0';
	input_close(in);
	return out;
}

/* Several gzip members in a row are one stream; bytes after them do not
 * count unless they start another member. */
static void
test_gzip_members(void)
{
	unsigned char a[256], b[256], e[64], f[1024];
	size_t na = gzip_bytes("one\n", 4, a, sizeof(a));
	size_t nb = gzip_bytes("two\nthree\n", 10, b, sizeof(b));
	size_t ne = gzip_bytes("", 0, e, sizeof(e));
	size_t n = 0, total;
	char *got;

	memcpy(f, a, na);
	memcpy(f + na, e, ne);
	memcpy(f + na + ne, b, nb);
	n = na + ne + nb;
	scratch_write("members.gz", (char *)f, n);
	CHECK_STR(lines_of("members.gz"), "one|two|three|");
	memcpy(f + n, "junk\n", 5);
	scratch_write("trailing.gz", (char *)f, n + 5);
	CHECK_STR(lines_of("trailing.gz"), "one|two|three|");
	scratch_write("trailing1.gz", (char *)f, n + 1);
	CHECK_STR(lines_of("trailing1.gz"), "one|two|three|");
	scratch_write("empty.gz", (char *)e, ne);
	CHECK_STR(lines_of("empty.gz"), "");
	/* one byte of the magic alone is plain data */
	scratch_write("magic1", "\x1f", 1);
	got = bytes_of("magic1", 7, &total);
	CHECK(total == 1 && got[0] == 0x1f);
	free(got);
}

/* Deterministic text of n bytes (lines of varied length). */
static char *
sample_text(size_t n)
{
	char *t = xmalloc(n);
	unsigned long x = 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		t[i] = (char)((x >> 60) == 0 ? '\n' : 'a' + (x >> 59) % 26);
	}
	return t;
}

/* Far more data than the inflating thread's ring holds, read in odd
 * sizes, comes back byte for byte. */
static void
test_gzip_large(void)
{
	size_t n = 5 * 1024 * 1024 + 77, total, sizes[] = {1, 4093, 1 << 20};
	char *text = sample_text(n), *got;
	int i;

	write_gzip("large.gz", text, n);
	for (i = 0; i < 3; i++) {
		got = bytes_of("large.gz", sizes[i], &total);
		CHECK(total == n && memcmp(got, text, n) == 0);
		free(got);
	}
	free(text);
}

/*
 * Read a file in a child whose stdout is out and stderr err: every byte
 * delivered is written to out before the child ends.  Returns the exit
 * status of the child.
 */
static int
read_in_child(const char *name, const char *out, const char *err)
{
	pid_t pid;
	int status;

	fflush(stdout); /* the child exits through exit() */
	pid = fork();
	if (pid == 0) {
		int fo = open(scratch_path(out), O_WRONLY | O_CREAT | O_TRUNC, 0600);
		struct input *in;
		char buf[4096];
		size_t got;

		dup2(fo, STDOUT_FILENO);
		fo = open(scratch_path(err), O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fo, STDERR_FILENO);
		in = input_open(scratch_path(name));
		while ((got = input_read(in, buf, sizeof(buf))) > 0)
			if (write(STDOUT_FILENO, buf, got) != (ssize_t)got)
				_exit(9);
		input_close(in);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The bytes of a file of the test directory, NUL terminated. */
static char *
slurp(const char *name, size_t *len)
{
	return bytes_of(name, 65536, len);
}

/*
 * A truncated or corrupt gzip file: the data before the damage is
 * delivered (the same bytes on every run), then the program ends with
 * EXIT_DATA and a message naming the file.
 */
static void
test_gzip_errors(void)
{
	size_t n = (size_t)3 * 1024 * 1024, cap = n + n / 8 + 1024, nz, len,
	       len2;
	char *text = sample_text(n), *got, *again, want[512];
	unsigned char *gz = xmalloc(cap);

	nz = gzip_bytes(text, n, gz, cap);
	scratch_write("trunc.gz", (char *)gz, nz / 2);
	CHECK_INT(read_in_child("trunc.gz", "trunc.out", "trunc.err"), 1);
	snprintf(want, sizeof(want), "rmkit: %s: truncated gzip data\n",
	         scratch_path("trunc.gz"));
	got = slurp("trunc.err", &len);
	CHECK_STR(got, want);
	free(got);
	got = slurp("trunc.out", &len);
	CHECK(len > 0 && len < n && memcmp(got, text, len) == 0);
	CHECK_INT(read_in_child("trunc.gz", "trunc2.out", "trunc.err"), 1);
	again = slurp("trunc2.out", &len2);
	CHECK(len2 == len && memcmp(got, again, len) == 0);
	free(got);
	free(again);

	gz[nz - 6] ^= 0x55; /* the CRC of the data */
	scratch_write("crc.gz", (char *)gz, nz);
	CHECK_INT(read_in_child("crc.gz", "crc.out", "crc.err"), 1);
	snprintf(want, sizeof(want),
	         "rmkit: %s: corrupt gzip data (incorrect data check)\n",
	         scratch_path("crc.gz"));
	got = slurp("crc.err", &len);
	CHECK_STR(got, want);
	free(got);
	got = slurp("crc.out", &len);
	CHECK(len == n && memcmp(got, text, n) == 0);
	free(got);

	gz[nz - 6] ^= 0x55;
	gz[10] = 0xff; /* the first deflate block: an invalid type */
	scratch_write("bad.gz", (char *)gz, nz);
	CHECK_INT(read_in_child("bad.gz", "bad.out", "bad.err"), 1);
	got = slurp("bad.err", &len);
	snprintf(want, sizeof(want), "rmkit: %s: corrupt gzip data (",
	         scratch_path("bad.gz"));
	CHECK(strncmp(got, want, strlen(want)) == 0);
	free(got);
	free(text);
	free(gz);
}

/* Closing a gzip input early returns even when its writer neither writes
 * nor closes (the inflating thread waits in read()). */
static void
test_gzip_close_early(void)
{
	unsigned char gz[256];
	size_t n = gzip_bytes("abc\n", 4, gz, sizeof(gz));
	char name[64], buf[2];
	struct input *in;
	int fd[2];

	if (pipe(fd) != 0)
		return;
	/* half a stream: the worker reads it and waits for more */
	if (write(fd[1], gz, n - 4) != (ssize_t)(n - 4))
		return;
	snprintf(name, sizeof(name), "/dev/fd/%d", fd[0]);
	alarm(20); /* a hang fails the test */
	in = input_open(name);
	CHECK(input_read(in, buf, 2) == 2 && memcmp(buf, "ab", 2) == 0);
	input_close(in);
	alarm(0);
	CHECK(1);
	close(fd[0]);
	close(fd[1]);
}

static void
test_tsv_reader(void)
{
	struct tsv_reader *r;
	const char *data = "account\tdate\ttype\n"
	                   "a\\tb\t2024-01-01\torder\n"
	                   "\n"
	                   "c\t2024-01-02\n"
	                   "d\t\tx\n";
	char buf[32];

	scratch_write("t.tsv", data, strlen(data));
	r = tsv_open(scratch_path("t.tsv"));
	CHECK(tsv_ncols(r) == 3);
	CHECK(tsv_column(r, "type") == 2);
	CHECK(tsv_column(r, "value") == -1);
	CHECK(tsv_next(r) == 1);
	CHECK_STR(tsv_field(r, 0), "a\\tb");
	CHECK(tsv_unescape(tsv_field(r, 0), tsv_field_len(r, 0), buf) == 3);
	CHECK_STR(buf, "a\tb");
	CHECK(tsv_lineno(r) == 2);
	CHECK(tsv_next(r) == -1); /* the empty line is skipped */
	CHECK_STR(tsv_error(r), "2 fields, header has 3");
	CHECK(tsv_lineno(r) == 4);
	CHECK_STR(tsv_field(r, 2), "");
	CHECK(tsv_next(r) == 1);
	CHECK(tsv_field_len(r, 1) == 0);
	CHECK_STR(tsv_field(r, -1), "");
	CHECK(tsv_next(r) == 0);
	tsv_close(r);

	scratch_write("dup.tsv", "a\tb\ta\n1\t2\t3\n", 12);
	r = tsv_open(scratch_path("dup.tsv"));
	CHECK(tsv_column(r, "a") == 0); /* the first of a repeated name */
	tsv_close(r);
	scratch_write("nul.tsv", "a\n1\0002\n", 6);
	r = tsv_open(scratch_path("nul.tsv"));
	CHECK(tsv_next(r) == -1);
	CHECK_STR(tsv_error(r), "NUL byte in line");
	tsv_close(r);

	/* the size of a plain file, from the reader; -1 for gzip */
	r = tsv_open(scratch_path("t.tsv"));
	CHECK(tsv_size(r) == (long long)strlen(data));
	tsv_close(r);
	write_gzip("t.tsv.gz", data, strlen(data));
	r = tsv_open(scratch_path("t.tsv.gz"));
	CHECK(tsv_size(r) == -1);
	tsv_close(r);

	/* UTF-8 is checked: a Latin-1 row is bad, the rows around it not */
	/* (more than 64 bytes follow each row: the reader's usual path) */
	data = "a\tb\n"
	       "1\tJos\xC3\xA9\n"
	       "2\tJos\xE9\n"
	       "3\t\xF0\x9F\x98\x80\n"
	       "4\tplain ASCII to keep more than 64 bytes after row 2\n"
	       "5\tand one more row of plain ASCII\n";
	scratch_write("latin1.tsv", data, strlen(data));
	r = tsv_open(scratch_path("latin1.tsv"));
	CHECK(tsv_next(r) == 1);
	CHECK_STR(tsv_field(r, 1), "Jos\xC3\xA9");
	CHECK(tsv_next(r) == -1);
	CHECK_STR(tsv_error(r), "column 'b': invalid UTF-8 (byte 0xE9 at byte 4 "
	                        "of the field; Latin-1 text? rm-import --latin1 "
	                        "converts it)");
	CHECK(tsv_lineno(r) == 3);
	CHECK_STR(tsv_field(r, 1), "Jos\xE9"); /* the row stays readable */
	CHECK(tsv_next(r) == 1);
	CHECK(tsv_next(r) == 1);
	CHECK(tsv_next(r) == 1);
	CHECK(tsv_next(r) == 0);
	tsv_close(r);
	/* the same bytes as the last row, where the file ends (other path) */
	scratch_write("latin1-end.tsv", "a\tb\n2\tJos\xE9\n", 12);
	r = tsv_open(scratch_path("latin1-end.tsv"));
	CHECK(tsv_next(r) == -1);
	CHECK(strncmp(tsv_error(r), "column 'b': invalid UTF-8", 25) == 0);
	tsv_close(r);
}

/*
 * Read name with the TSV reader and, side by side, with input_getline()
 * split at TABs by hand: every row, field, error and line number must
 * agree.  Returns 1 when they do.
 */
static int
tsv_matches_lines(const char *name)
{
	struct tsv_reader *r = tsv_open(scratch_path(name));
	struct input *in = input_open(scratch_path(name));
	char *line;
	size_t len, nf, i, ncols = 0;
	int got, rc, ok = 1, header = 1;

	for (;;) {
		const char *p, *stop;

		do
			got = input_getline(in, &line, &len);
		while (got && len == 0);
		rc = header ? 1 : tsv_next(r);
		if (!got) {
			if (header ? tsv_ncols(r) != 0 : rc != 0)
				ok = 0;
			break;
		}
		for (nf = 1, i = 0; i < len; i++)
			nf += line[i] == '\t';
		if (header) {
			ncols = nf;
			header = 0;
			if (tsv_ncols(r) != nf)
				return tsv_close(r), input_close(in), 0;
			for (p = line, i = 0; i < nf; i++, p = stop + 1) {
				stop =
				    memchr(p, '\t', (size_t)(line + len - p));
				if (!stop)
					stop = line + len;
				if (strlen(tsv_colname(r, i)) !=
				        (size_t)(stop - p) ||
				    memcmp(tsv_colname(r, i), p,
				           (size_t)(stop - p)) != 0)
					ok = 0;
			}
			continue;
		}
		if (memchr(line, '\0', len)
		        ? rc != -1 ||
		              strcmp(tsv_error(r), "NUL byte in line") != 0
		    : nf == ncols && utf8_check(line, len) != len
		        ? rc != -1 || strncmp(tsv_error(r), "column '", 8) != 0
		        : rc != (nf == ncols ? 1 : -1))
			ok = 0;
		if (tsv_nfields(r) != nf || tsv_lineno(r) != input_lineno(in))
			ok = 0;
		for (p = line, i = 0; ok && i < nf; i++, p = stop + 1) {
			stop = memchr(p, '\t', (size_t)(line + len - p));
			if (!stop)
				stop = line + len;
			if (tsv_field_len(r, (int)i) != (size_t)(stop - p) ||
			    memcmp(tsv_field(r, (int)i), p,
			           (size_t)(stop - p)) != 0 ||
			    tsv_field(r, (int)i)[stop - p] != '\0')
				ok = 0;
		}
		if (!ok)
			break;
	}
	tsv_close(r);
	input_close(in);
	return ok;
}

/* Append n copies of c to the buffer at *p. */
static void
put_run(char **p, int c, size_t n)
{
	memset(*p, c, n);
	*p += n;
}

/*
 * The TSV reader against input_getline() on rows that cross the buffer
 * end: a CRLF split by it, a line longer than the buffer, NUL bytes,
 * empty and CR-only lines, no final LF, plain and gzip, LF and bare-CR
 * files.
 */
static void
test_tsv_reader_buffers(void)
{
	/* the TSV reader's first read */
	const size_t block = (size_t)1024 * 1024;
	size_t cap = 4 * block, n, k, i;
	char *data = xmalloc(cap), *p;
	unsigned long seed = 12345;
	const char alphabet[] = "ab\t\t\r";

	/* a CRLF split by the first buffer end: CR is its last byte */
	p = data;
	memcpy(p, "h\tk\n", 4);
	p += 4;
	put_run(&p, 'x', block - 1 - 4 - 2);
	memcpy(p, "\tz\r\nq\tr\r\n", 9);
	p += 9;
	n = (size_t)(p - data);
	CHECK(data[block - 1] == '\r' && data[block] == '\n');
	scratch_write("split-crlf.tsv", data, n);
	CHECK(tsv_matches_lines("split-crlf.tsv"));
	/* the same in the header: the line end is decided across the read */
	p = data;
	put_run(&p, 'h', block - 1);
	memcpy(p, "\r\nx\r\n", 5);
	scratch_write("split-head.tsv", data, block + 4);
	CHECK(tsv_matches_lines("split-head.tsv"));
	/* ... and a bare CR there: the file is read by input_getline() */
	p = data;
	put_run(&p, 'h', block - 1);
	memcpy(p, "\rx\tb\ry\r", 7);
	scratch_write("split-cr.tsv", data, block + 6);
	CHECK(tsv_matches_lines("split-cr.tsv"));

	/* random rows of every length, and a few longer than the buffer */
	p = data;
	memcpy(p, "a\tb\tc\r\n", 7);
	p += 7;
	while ((size_t)(p - data) < cap - block - 8) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		k = (seed >> 33) % 100;
		n = k < 2 ? block + (seed >> 20) % 1000 : (seed >> 40) % 60;
		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL + 1UL;
			p[i] = alphabet[(seed >> 35) % 5];
			if ((seed >> 45) % 50 == 0)
				p[i] = 'x';
			else if ((seed >> 45) % 50 == 1 && i + 1 < n) {
				p[i++] = '\xC3'; /* U+00E9 */
				p[i] = '\xA9';
			} else if ((seed >> 45) % 400 == 2)
				p[i] = '\xE9'; /* Latin-1: the row is bad */
			if (k == 3 && i == n / 2)
				p[i] = '\0';
		}
		p += n;
		if (k % 3 == 0)
			*p++ = '\r';
		*p++ = '\n';
	}
	n = (size_t)(p - data);
	scratch_write("random.tsv", data, n);
	CHECK(tsv_matches_lines("random.tsv"));
	write_gzip("random.tsv.gz", data, n);
	CHECK(tsv_matches_lines("random.tsv.gz"));
	scratch_write("random-nolf.tsv", data, n - 1); /* no final LF */
	CHECK(tsv_matches_lines("random-nolf.tsv"));
	scratch_write("random-cr.tsv", data, n - 2); /* ends in a CR */
	CHECK(tsv_matches_lines("random-cr.tsv"));
	for (i = 0; i < n; i++) /* bare CR line ends throughout */
		if (data[i] == '\n')
			data[i] = '\r';
	memcpy(data, "a\tb\tc\r\r", 7);
	scratch_write("random-bare-cr.tsv", data, n);
	CHECK(tsv_matches_lines("random-bare-cr.tsv"));
	free(data);

	scratch_write("tiny.tsv", "a\tb", 3);
	CHECK(tsv_matches_lines("tiny.tsv"));
	scratch_write("tiny-cr.tsv", "a\tb\r", 4);
	CHECK(tsv_matches_lines("tiny-cr.tsv"));
	scratch_write("blank.tsv", "\n\r\n\n", 4);
	CHECK(tsv_matches_lines("blank.tsv"));
	scratch_write("nothing.tsv", "", 0);
	CHECK(tsv_matches_lines("nothing.tsv"));
	scratch_write("lines.tsv", "\n\na\tb\n\r\n1\t2\r\n\n3\t4\t5\n6\t7", 23);
	CHECK(tsv_matches_lines("lines.tsv"));
	write_gzip("bom.tsv.gz",
	           "\xEF\xBB\xBF"
	           "a\tb\n1\t2\n",
	           11);
	CHECK(tsv_matches_lines("bom.tsv.gz"));
}

/* tsv_put_fixed() writes what num_format() writes, for all kinds of v. */
static void
test_put_fixed_matches(void)
{
	unsigned long seed = 99;
	char *got = NULL, want[64];
	size_t size = 0;
	int i, d, bad = 0;

	for (i = 0; i < 300000; i++) {
		FILE *f = open_memstream(&got, &size);
		double v;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		d = (int)(seed >> 60) % 6;
		switch ((seed >> 33) % 4) {
		case 0: /* ties and near ties: k / 2^j */
			v = (double)((seed >> 20) % 100000) /
			    (double)(1u << ((seed >> 40) % 12));
			break;
		case 1: /* money with cents, as read */
			v = (double)((seed >> 16) % 100000000) / 100;
			break;
		case 2: /* any magnitude */
			v = ldexp((double)(seed >> 11),
			          (int)((seed >> 3) % 120) - 90);
			break;
		default: /* tiny, rounding to zero either way */
			v = ldexp(1.0, -(int)((seed >> 5) % 40));
			break;
		}
		if ((seed >> 30) & 1)
			v = -v;
		tsv_put_fixed(f, v, d);
		fclose(f);
		num_format(want, sizeof(want), v, d);
		if (strcmp(got, want) != 0 && bad++ < 5)
			printf("# %.17g %d: got %s want %s\n", v, d, got, want);
		free(got);
		got = NULL;
	}
	CHECK_INT(bad, 0);
}

static void
test_tsv_writer(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	tsv_put_field(f, "a\tb\nc\rd\\e", 9);
	putc('|', f);
	tsv_put_fixed(f, -0.004, 2);
	putc('|', f);
	tsv_put_fixed(f, NAN, 2);
	putc('|', f);
	tsv_put_num(f, 0.1 + 0.2);
	putc('|', f);
	tsv_put_date(f, 0);
	putc('|', f);
	tsv_put_long(f, -42);
	fclose(f);
	CHECK_STR(buf, "a\\tb\\nc\\rd\\\\e|0.00||0.30000000000000004|"
	               "1970-01-01|-42");
	free(buf);

	/* unescape undoes escape, unknown escapes stay */
	{
		char out[16];

		CHECK(tsv_unescape("x\\\\t\\q", 6, out) == 5);
		CHECK_STR(out, "x\\t\\q");
	}
}

static void
test_output(void)
{
	FILE *f;
	struct stat st;
	char *got;

	scratch_write("report", "old\n", 4);
	f = output_open(scratch_path("report"));
	fputs("new\n", f);
	CHECK_STR(lines_of("report"), "old|"); /* not replaced yet */
	output_close(f);
	CHECK_STR(lines_of("report"), "new|");
	CHECK(stat(scratch_path("report"), &st) == 0 && (st.st_mode & 0444) != 0);

	f = output_open(scratch_path("report"));
	fputs("half", f);
	output_abort();
	got = lines_of("report");
	CHECK_STR(got, "new|");
}

int
main(void)
{
	if (scratch_open("io") != 0)
		return 2;
	test_line_ends();
	test_buffer_boundaries();
	test_read_bytes();
	test_gzip_members();
	test_gzip_large();
	test_gzip_errors();
	test_gzip_close_early();
	test_tsv_reader();
	test_tsv_reader_buffers();
	test_tsv_writer();
	test_put_fixed_matches();
	test_output();
	if (scratch_remove() != 0)
		return 2;
	return check_exit();
}
