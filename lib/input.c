/*
 * input.c - read a file or stdin, plain or gzip, as bytes or as lines.
 *
 * zlib's gz* functions read plain data unchanged and inflate gzip data,
 * deciding by the first bytes; that gives detection by content for free,
 * also on pipes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <zlib.h>

#include "error.h"
#include "input.h"
#include "xalloc.h"

#define INPUT_BLOCK (256 * 1024)

enum line_end { END_UNKNOWN, END_LF, END_CR };

struct input {
	gzFile gz;
	char *name;
	int at_start;		/* nothing read yet: check for a BOM */
	int eof;
	/* line reading */
	char *buf;
	size_t cap;
	size_t start;		/* first unread byte */
	size_t end;		/* one past the last buffered byte */
	enum line_end line_end;
	long lineno;
	unsigned long long bytes;
};

struct input *
input_open(const char *path)
{
	struct input *in = xcalloc(1, sizeof(*in));
	int fd;

	if (strcmp(path, "-") == 0) {
		fd = dup(STDIN_FILENO);
		in->name = xstrdup("stdin");
	} else {
		fd = open(path, O_RDONLY);
		in->name = xstrdup(path);
	}
	if (fd < 0)
		die_errno(EXIT_SYSTEM, "cannot open '%s'", path);
	in->gz = gzdopen(fd, "rb");
	if (in->gz == NULL)
		die(EXIT_SYSTEM, "cannot open '%s': out of memory", path);
	gzbuffer(in->gz, INPUT_BLOCK);
	in->at_start = 1;
	return in;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

static size_t
raw_read(struct input *in, char *buf, size_t n)
{
	int got, errnum;
	const char *msg;

	if (in->eof)
		return 0;
	if (n > INT_MAX)
		n = INT_MAX;
	got = gzread(in->gz, buf, (unsigned)n);
	if (got > 0)
		return (size_t)got;
	msg = gzerror(in->gz, &errnum);
	if (errnum == Z_ERRNO)
		die_errno(EXIT_SYSTEM, "cannot read '%s'", in->name);
	if (errnum == Z_BUF_ERROR)
		die(EXIT_DATA, "%s: truncated gzip data", in->name);
	if (errnum != Z_OK)
		die(EXIT_DATA, "%s: corrupt gzip data (%s)", in->name, msg);
	in->eof = 1;
	return 0;
}

/* Fill buf with at least want bytes unless the input ends first. */
static size_t
read_at_least(struct input *in, char *buf, size_t n, size_t want)
{
	size_t have = 0, got;

	while (have < want && (got = raw_read(in, buf + have, n - have)) > 0)
		have += got;
	return have;
}

/*
 * The first read of an input: read at least 3 bytes, drop a UTF-8 BOM and
 * refuse UTF-16.
 */
static size_t
first_read(struct input *in, char *buf, size_t n)
{
	unsigned char *u = (unsigned char *)buf;
	size_t have;

	in->at_start = 0;
	if (n < 3)
		return raw_read(in, buf, n);
	have = read_at_least(in, buf, n, 3);
	if (have >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
			  (u[0] == 0xFE && u[1] == 0xFF)))
		die(EXIT_DATA,
		    "%s: UTF-16 text is not supported (convert it with "
		    "iconv -f UTF-16 -t UTF-8)",
		    in->name);
	if (have >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		memmove(buf, buf + 3, have - 3);
		have -= 3;
	}
	return have;
}

size_t
input_read(struct input *in, void *buf, size_t n)
{
	size_t got;

	if (in->at_start)
		got = first_read(in, buf, n);
	else
		got = raw_read(in, buf, n);
	in->bytes += got;
	return got;
}

/* Move unread bytes to the front and read more; 0 when nothing came. */
static int
refill(struct input *in)
{
	size_t got;

	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->end + INPUT_BLOCK / 2 > in->cap)
		grow_array((void **)&in->buf, &in->cap,
			   in->end + INPUT_BLOCK + 1, 1);
	got = input_read(in, in->buf + in->end, in->cap - in->end - 1);
	in->end += got;
	return got > 0;
}

/*
 * Decide the line end kind from the buffered bytes: the first CR or LF
 * seen.  Returns 0 when the buffer holds no line end yet (or a CR at the
 * very end whose successor is unknown).
 */
static int
detect_line_end(struct input *in)
{
	size_t i;

	for (i = in->start; i < in->end; i++) {
		if (in->buf[i] == '\n') {
			in->line_end = END_LF;
			return 1;
		}
		if (in->buf[i] == '\r') {
			if (i + 1 == in->end && !in->eof)
				return 0;
			in->line_end = (i + 1 < in->end && in->buf[i + 1] == '\n')
					       ? END_LF
					       : END_CR;
			return 1;
		}
	}
	return 0;
}

int
input_getline(struct input *in, char **line, size_t *len)
{
	char *p = NULL;
	size_t scanned = 0, n;

	if (in->buf == NULL)
		grow_array((void **)&in->buf, &in->cap, INPUT_BLOCK + 1, 1);
	for (;;) {
		if (in->line_end == END_UNKNOWN)
			detect_line_end(in);
		if (in->line_end != END_UNKNOWN) {
			p = memchr(in->buf + in->start + scanned,
				   in->line_end == END_LF ? '\n' : '\r',
				   in->end - in->start - scanned);
			if (p)
				break;
			scanned = in->end - in->start;
		}
		if (!refill(in)) {
			/* a CR that ends the input is a line end too */
			if (in->line_end == END_UNKNOWN && detect_line_end(in))
				continue;
			if (in->start == in->end)
				return 0;
			p = in->buf + in->end; /* last line, no terminator */
			break;
		}
	}
	*line = in->buf + in->start;
	n = (size_t)(p - *line);
	in->start += n + (p < in->buf + in->end ? 1 : 0);
	if (n > 0 && in->line_end == END_LF && (*line)[n - 1] == '\r')
		n--;
	(*line)[n] = '\0';
	*len = n;
	in->lineno++;
	return 1;
}

void
input_unread(struct input *in, const void *buf, size_t n)
{
	size_t have = in->end - in->start;

	grow_array((void **)&in->buf, &in->cap, n + have + INPUT_BLOCK + 1, 1);
	memmove(in->buf + n, in->buf + in->start, have);
	memcpy(in->buf, buf, n);
	in->start = 0;
	in->end = n + have;
}

long
input_lineno(const struct input *in)
{
	return in->lineno;
}

unsigned long long
input_bytes(const struct input *in)
{
	return in->bytes;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	gzclose(in->gz);
	free(in->buf);
	free(in->name);
	free(in);
}
