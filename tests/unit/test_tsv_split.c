/*
 * test_tsv_split.c - the TSV reader's line splitter against a reference
 * splitter written here, on random inputs: TABs, LF and CRLF line ends,
 * bare CR and other bytes, NUL bytes, empty lines, lines of every length
 * around the reader's 64-byte blocks, lines longer than its read buffer,
 * with and without a final LF.  The inputs are read from plain files (1
 * MiB reads) and from a socket whose every read returns one message of a
 * random size, so that reads end at every kind of place in a line.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"
#include "tsv.h"
#include "utf8.h"
#include "xalloc.h"

static unsigned long long rng_state;

static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng_state >> 33) % n;
}

/* A growing byte string. */
struct bytes {
	char *p;
	size_t len, cap;
};

static void
put(struct bytes *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
put_byte(struct bytes *b, int c)
{
	char ch = (char)c;

	put(b, &ch, 1);
}

/* n bytes of plain field text. */
static void
put_text(struct bytes *b, size_t n)
{
	static const char text[] = "abcxyz0123456789-_.";

	while (n-- > 0)
		put_byte(b, text[rng(sizeof(text) - 1)]);
}

/* n bytes from the bytes that matter to the splitter, and a few others. */
static void
put_noise(struct bytes *b, size_t n)
{
	static const char noise[] = {'a',  'b', '\t', '\t',       '\r',
	                             '\0', ' ', '\\', (char)0x80, (char)0xFF};

	while (n-- > 0)
		put_byte(b, noise[rng(sizeof(noise))]);
}

/* A row of nf fields of plain text, each up to maxlen bytes. */
static void
put_row(struct bytes *b, size_t nf, size_t maxlen)
{
	size_t i;

	for (i = 0; i < nf; i++) {
		if (i > 0)
			put_byte(b, '\t');
		put_text(b, rng((unsigned)maxlen + 1));
	}
}

/* A line of exactly n bytes (before its line end) with some TABs. */
static void
put_sized(struct bytes *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_byte(b, rng(6) == 0 ? '\t' : 'q');
	if (n > 0 && rng(8) == 0) /* a NUL somewhere in it */
		b->p[b->len - 1 - rng((unsigned)n)] = '\0';
}

/*
 * Random TSV text of about size bytes: a header of ncols columns after
 * some empty lines, then rows of every kind.  The first line end is LF
 * or CRLF (a bare CR there would make it a bare-CR file, read another
 * way).  huge adds two lines longer than the reader's 1 MiB buffer.
 */
static void
make_input(struct bytes *b, size_t size, int huge)
{
	size_t ncols = 1 + rng(8), i, n;
	int end;

	b->len = 0;
	for (i = rng(3); i > 0; i--)
		if (rng(2))
			put(b, "\n", 1);
		else
			put(b, "\r\n", 2);
	i = b->len;
	put_row(b, ncols, 6);
	if (b->len == i) /* an empty line is skipped: a noise line would be
	                    the header, and the reader refuses one that is
	                    not UTF-8 */
		put_byte(b, 'h');
	put(b, "\n", 1);
	while (b->len < size) {
		unsigned kind = rng(100);

		if (kind < 40)
			put_row(b, ncols, 1 + rng(12));
		else if (kind < 48)
			put_row(b, 1 + rng(10), 8);
		else if (kind < 56)
			; /* an empty line */
		else if (kind < 70)
			put_noise(b, rng(150));
		else if (kind < 84) /* around the 64-byte block */
			put_sized(b, 56 + rng(16));
		else if (kind < 92)
			put_noise(b, 64 + rng(3000));
		else if (kind < 96) /* more fields than a block has bytes */
			for (n = 60 + rng(200); n > 0; n--)
				put_byte(b, rng(4) ? '\t' : 'z');
		else
			put_sized(b, rng(200));
		if (huge && kind == 99 && b->len > size / 3) {
			n = (size_t)1024 * 1024 + rng(100000);
			for (i = 0; i < n; i++)
				put_byte(b, huge == 1 && rng(100) == 0 ? '\t'
				                                       : 'h');
			huge++;
		}
		if (rng(4) == 0)
			put_byte(b, '\r');
		put_byte(b, '\n');
	}
	end = (int)rng(3);
	if (end == 1) /* no final LF */
		b->len--;
	else if (end == 2) /* a final CR and no LF */
		b->p[b->len - 1] = '\r';
}

/*
 * The error tsv_next() gives for the n bytes of line when a field of it
 * is not UTF-8 (the first such field), else "": written into want.
 */
static void
want_utf8_error(const struct tsv_reader *r, const char *line, size_t n,
                char *want, size_t size)
{
	const char *f = line, *stop;
	size_t i, bad;

	want[0] = '\0';
	for (i = 0;; i++, f = stop + 1) {
		stop = memchr(f, '\t', (size_t)(line + n - f));
		stop = stop ? stop : line + n;
		bad = utf8_check(f, (size_t)(stop - f));
		if (bad < (size_t)(stop - f)) {
			snprintf(want, size,
			         "column '%.40s': invalid UTF-8 (byte 0x%02X at "
			         "byte %zu of the field; Latin-1 text? rm-import "
			         "--latin1 converts it)",
			         tsv_colname(r, i), (unsigned char)f[bad],
			         bad + 1);
			return;
		}
		if (stop == line + n)
			return;
	}
}

/*
 * Read the len bytes at data with r and check every row against the
 * reference: lines end at LF, a CR before the LF is dropped, empty lines
 * are skipped but counted, fields end at TAB.  Returns 1 when all agree;
 * else says where they differ.
 */
static int
reader_agrees(struct tsv_reader *r, const char *data, size_t len,
              const char *what)
{
	size_t pos = 0, ncols = 0, nf, i, n;
	long lineno = 0;
	int header = 1, rc;
	char want_error[192];

	while (pos < len) {
		const char *line = data + pos, *lf, *eol, *f, *stop;
		const char *const *row;
		const size_t *lens;

		lf = memchr(line, '\n', len - pos);
		eol = lf ? lf : data + len;
		pos = (size_t)(eol - data) + (lf != NULL);
		lineno++;
		if (eol > line && eol[-1] == '\r')
			eol--;
		n = (size_t)(eol - line);
		if (n == 0)
			continue;
		for (nf = 1, i = 0; i < n; i++)
			nf += line[i] == '\t';
		if (header) {
			header = 0;
			ncols = nf;
			if (tsv_ncols(r) != nf) {
				printf(
				    "# %s: header has %zu columns, not %zu\n",
				    what, tsv_ncols(r), nf);
				return 0;
			}
			for (f = line, i = 0; i < nf; i++, f = stop + 1) {
				stop = memchr(f, '\t', (size_t)(line + n - f));
				stop = stop ? stop : line + n;
				if (strlen(tsv_colname(r, i)) !=
				        (size_t)(stop - f) ||
				    memcmp(tsv_colname(r, i), f,
				           (size_t)(stop - f)) != 0) {
					printf("# %s: column %zu differs\n",
					       what, i);
					return 0;
				}
			}
			continue;
		}
		rc = tsv_next(r);
		if (memchr(line, '\0', n))
			snprintf(want_error, sizeof(want_error),
			         "NUL byte in line");
		else if (nf != ncols)
			snprintf(want_error, sizeof(want_error),
			         "%zu fields, header has %zu", nf, ncols);
		else
			want_utf8_error(r, line, n, want_error,
			                sizeof(want_error));
		if (rc != (want_error[0] ? -1 : 1) ||
		    strcmp(tsv_error(r), want_error) != 0 ||
		    tsv_lineno(r) != lineno || tsv_nfields(r) != nf) {
			printf("# %s: line %ld: got %d '%s' line %ld, %zu "
			       "fields; want '%s' %zu fields\n",
			       what, lineno, rc, tsv_error(r), tsv_lineno(r),
			       tsv_nfields(r), want_error, nf);
			return 0;
		}
		row = tsv_row(r, &lens);
		for (f = line, i = 0; i < nf; i++, f = stop + 1) {
			stop = memchr(f, '\t', (size_t)(line + n - f));
			stop = stop ? stop : line + n;
			if (tsv_field_len(r, (int)i) != (size_t)(stop - f) ||
			    memcmp(tsv_field(r, (int)i), f,
			           (size_t)(stop - f)) != 0 ||
			    tsv_field(r, (int)i)[stop - f] != '\0' ||
			    row[i] != tsv_field(r, (int)i) ||
			    lens[i] != (size_t)(stop - f)) {
				printf("# %s: line %ld: field %zu differs\n",
				       what, lineno, i);
				return 0;
			}
		}
	}
	if (header && tsv_ncols(r) != 0) {
		printf("# %s: a header where there is none\n", what);
		return 0;
	}
	if ((rc = tsv_next(r)) != 0 || tsv_next(r) != 0) {
		printf("# %s: %d after the last line %ld (line %ld)\n", what,
		       rc, lineno, tsv_lineno(r));
		return 0;
	}
	return 1;
}

/* The input as a plain file. */
static int
plain_agrees(const struct bytes *b, const char *what)
{
	struct tsv_reader *r;
	int ok;

	scratch_write("split.tsv", b->p, b->len);
	r = tsv_open(scratch_path("split.tsv"));
	ok = reader_agrees(r, b->p, b->len, what);
	tsv_close(r);
	return ok;
}

/*
 * Send the input as messages of random sizes on a SOCK_SEQPACKET socket:
 * every read of the other end returns one message (the reader asks for
 * far more).  The first message is the 2 bytes input.c reads first to
 * look for gzip.
 */
static void
send_in_pieces(int fd, const struct bytes *b)
{
	size_t at = 0, n;

	while (at < b->len) {
		unsigned kind = rng(20);

		n = at == 0     ? 2
		    : kind < 16 ? 1 + rng(100)
		    : kind < 19 ? 1 + rng(1000)
		                : 1 + rng(5000);
		if (n > b->len - at)
			n = b->len - at;
		/* an error when the reader stopped early is not the writer's */
		if (send(fd, b->p + at, n, 0) != (ssize_t)n)
			_exit(errno == EPIPE || errno == ECONNRESET ? 0 : 1);
		at += n;
	}
	_exit(0);
}

/* The input read from stdin, a socket that delivers it in pieces. */
static int
pieces_agree(const struct bytes *b, const char *what)
{
	struct tsv_reader *r;
	int sv[2], saved, status, ok;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) {
		perror("socketpair");
		return 0;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 0;
	}
	if (pid == 0) {
		close(sv[0]);
		send_in_pieces(sv[1], b);
	}
	close(sv[1]);
	saved = dup(STDIN_FILENO);
	dup2(sv[0], STDIN_FILENO);
	close(sv[0]);
	r = tsv_open("-");
	ok = reader_agrees(r, b->p, b->len, what);
	tsv_close(r);
	dup2(saved, STDIN_FILENO);
	close(saved);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		printf("# %s: the writer failed\n", what);
		ok = 0;
	}
	return ok;
}

/*
 * Many small inputs read in pieces, and a few large ones (some with lines
 * longer than the read buffer) read from files.
 */
static void
test_random_inputs(void)
{
	struct bytes b = {NULL, 0, 64};
	char what[64];
	int round, plain_ok = 1, pieces_ok = 1;

	b.p = xmalloc(b.cap);

	for (round = 0; round < 40; round++) {
		rng_state = 1000 + (unsigned long long)round;
		make_input(&b, 1000 + rng(60000), 0);
		snprintf(what, sizeof(what), "pieces, seed %d", 1000 + round);
		if (!pieces_agree(&b, what))
			pieces_ok = 0;
		snprintf(what, sizeof(what), "plain, seed %d", 1000 + round);
		if (!plain_agrees(&b, what))
			plain_ok = 0;
	}
	CHECK(pieces_ok);
	for (round = 0; round < 3; round++) {
		rng_state = 2000 + (unsigned long long)round;
		make_input(&b, (size_t)(2 + round) * 1024 * 1024, round > 0);
		snprintf(what, sizeof(what), "plain, seed %d", 2000 + round);
		if (!plain_agrees(&b, what))
			plain_ok = 0;
	}
	CHECK(plain_ok);
	free(b.p);
}

/* Inputs that end in every way, each alone. */
static void
test_edges(void)
{
	static const char *const inputs[] = {
	    "",
	    "\n",
	    "\r\n\n",
	    "a",
	    "a\tb",
	    "a\tb\r",
	    "a\tb\n\r",
	    "a\tb\n1\t2",
	    "a\tb\n1\t2\r",
	    "a\tb\n\n\r\n1\t2\n\r\n",
	    "a\tb\n\t\n\t\t\n1\r\r\n",
	    "a\n\r\r\n\rx\n",
	};
	struct bytes b = {NULL, 0, 64};
	size_t i;
	int ok = 1;

	b.p = xmalloc(b.cap);
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		b.len = 0;
		put(&b, inputs[i], strlen(inputs[i]));
		if (!plain_agrees(&b, inputs[i]) ||
		    !pieces_agree(&b, inputs[i]))
			ok = 0;
	}
	/* NUL bytes right after a line's LF, within its first 64 bytes */
	b.len = 0;
	put(&b, "a\tb\n1\t2\n\0\t\0\n3\t4\n", 16);
	if (!plain_agrees(&b, "NUL after LF"))
		ok = 0;
	CHECK(ok);
	free(b.p);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (scratch_open("tsv-split") != 0)
		return 2;
	test_edges();
	test_random_inputs();
	if (scratch_remove() != 0)
		return 2;
	return check_exit();
}
