/*
 * input.c - read a file or stdin, plain or gzip, as bytes or as lines.
 *
 * The first two bytes decide: gzip's magic (1f 8b) starts a second thread
 * that reads the compressed bytes and inflates them into a ring of
 * blocks, so that decompression overlaps with whatever the caller does
 * with the data; anything else is read with read(2) as it is.  The
 * caller's thread takes the blocks in order and reports a read error or
 * bad gzip data only when it reaches that point of the stream, so the
 * data delivered and the message are the same on every run.
 *
 * Like zlib's gzread(): gzip members may follow one another (as written
 * by "cat a.gz b.gz"), and bytes after the last member that do not start
 * another member are ignored.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <zlib.h>

#include "error.h"
#include "input.h"
#include "xalloc.h"

#define INPUT_BLOCK ((size_t)256 * 1024)
#define GZ_BLOCK ((size_t)512 * 1024) /* one decompressed block */
#define GZ_BLOCKS 8           /* blocks in the ring */

enum line_end { END_UNKNOWN, END_LF, END_CR };
enum kind { KIND_UNKNOWN, KIND_PLAIN, KIND_GZIP };
enum gz_error { GZ_OK, GZ_READ, GZ_TRUNCATED, GZ_CORRUPT, GZ_MEMORY };

/*
 * The inflating side.  The worker fills blocks[(head + count) % GZ_BLOCKS]
 * and publishes it by count++; the reader takes blocks[head].  count, done,
 * stop and the error are shared under lock; a block's bytes belong to the
 * worker until published and to the reader until released.
 */
struct gz_stream {
	pthread_t thread;
	int threaded;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned head, count;
	int done, stop;
	enum gz_error error;
	int error_errno;
	char error_msg[96];
	char *blocks[GZ_BLOCKS];
	size_t lens[GZ_BLOCKS];
	/* the worker's own state */
	int fd;
	z_stream z;
	unsigned char *inbuf;
	int in_eof, in_member;
	/* the reader's position in blocks[head] */
	size_t pos;
	int holding; /* the reader holds blocks[head] */
};

struct input {
	int fd;
	enum kind kind;
	struct gz_stream *gz;
	unsigned char lead[2]; /* bytes read to decide the kind */
	size_t nlead, lead_pos;
	char *name;
	int at_start; /* nothing read yet: check for a BOM */
	int eof;
	/* line reading */
	char *buf;
	size_t cap;
	size_t start; /* first unread byte */
	size_t end;   /* one past the last buffered byte */
	enum line_end line_end;
	long lineno;
	unsigned long long bytes;
	long long left; /* bytes the range still allows; -1: no range */
	/* input_keep_errors() */
	int keep_errors;
	int failed; /* the kept error's exit status, 0: none */
	char failure[PATH_MAX + 256];
};

struct input *
input_open(const char *path)
{
	struct input *in = xcalloc(1, sizeof(*in));

	if (strcmp(path, "-") == 0) {
		in->fd = dup(STDIN_FILENO);
		in->name = xstrdup("stdin");
	} else {
		in->fd = open(path, O_RDONLY);
		in->name = xstrdup(path);
	}
	if (in->fd < 0)
		die_errno(EXIT_SYSTEM, "cannot open '%s'", path);
	in->at_start = 1;
	in->left = -1;
	return in;
}

int
input_can_open(const char *path)
{
	int fd;

	if (strcmp(path, "-") == 0)
		return 1;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		warn_later(EXIT_SYSTEM,
		           "cannot open '%s': %s (skipped, the other files "
		           "are read)",
		           path, strerror(errno));
		return 0;
	}
	(void)close(fd);
	return 1;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

/* read(2) that retries when interrupted; -1 with errno on an error. */
static ssize_t
read_fd(int fd, void *buf, size_t n)
{
	ssize_t got;

	if (n > INT_MAX)
		n = INT_MAX;
	do
		got = read(fd, buf, n);
	while (got < 0 && errno == EINTR);
	return got;
}

/*
 * A read error or bad gzip data: end the program with the message (and
 * strerror(errnum) unless errnum is -1), or keep both for
 * input_failed() and let the input end here (input_keep_errors()).
 */
static void input_fail(struct input *in, int status, int errnum,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
input_fail(struct input *in, int status, int errnum, const char *fmt, ...)
{
	char *msg = in->failure;
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(in->failure), fmt, ap);
	va_end(ap);
	if (!in->keep_errors) {
		if (errnum < 0)
			die(status, "%s", msg);
		errno = errnum;
		die_errno(status, "%s", msg);
	}
	len = strlen(msg);
	if (errnum >= 0)
		(void)snprintf(msg + len, sizeof(in->failure) - len, ": %s",
		               strerror(errnum));
	in->failed = status;
	in->eof = 1;
}

/*
 * read_fd() for the caller's thread: a read error ends the program.  A
 * range (input_read_range()) stops the reads at its end.
 */
static size_t
read_or_die(struct input *in, void *buf, size_t n)
{
	ssize_t got;

	if (in->left >= 0 && (unsigned long long)in->left < n)
		n = (size_t)in->left;
	if (n == 0)
		return 0;
	got = read_fd(in->fd, buf, n);
	if (got < 0) {
		input_fail(in, EXIT_SYSTEM, errno, "cannot read '%s'",
		           in->name);
		return 0;
	}
	if (in->left >= 0)
		in->left -= got;
	return (size_t)got;
}

/* ---- the inflating worker ---- */

/* Note an error for the reader (the worker's side; lock held). */
static void
gz_fail(struct gz_stream *g, enum gz_error e, int errnum, const char *msg)
{
	g->error = e;
	g->error_errno = errnum;
	(void)snprintf(g->error_msg, sizeof(g->error_msg), "%s",
	               msg ? msg : "");
}

/*
 * Keep the unused compressed bytes and read more after them.  Returns the
 * number read, 0 at the end of the file, -1 on a read error (errno set).
 * Only here may a closing reader cancel the worker (see input_close()).
 */
static ssize_t
gz_more_input(struct gz_stream *g)
{
	ssize_t got;
	int old;

	if (g->z.avail_in > 0 && g->z.next_in != g->inbuf)
		memmove(g->inbuf, g->z.next_in, g->z.avail_in);
	g->z.next_in = g->inbuf;
	if (g->threaded)
		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	got = read_fd(g->fd, g->inbuf + g->z.avail_in,
	              INPUT_BLOCK - g->z.avail_in);
	if (g->threaded)
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	if (got > 0)
		g->z.avail_in += (uInt)got;
	else if (got == 0)
		g->in_eof = 1;
	return got;
}

/*
 * After the end of a member: another member follows when the next two
 * bytes are gzip's magic.  Returns 1 for another member, 0 for the end,
 * -1 on a read error.
 */
static int
gz_next_member(struct gz_stream *g)
{
	while (g->z.avail_in < 2 && !g->in_eof)
		if (gz_more_input(g) < 0)
			return -1;
	if (g->z.avail_in < 2 || g->z.next_in[0] != 0x1f ||
	    g->z.next_in[1] != 0x8b)
		return 0;
	inflateReset(&g->z);
	g->in_member = 1;
	return 1;
}

/*
 * Inflate into out (n bytes) until it is full or the data ends.  Returns
 * the bytes written and sets *end at the end of the data or on an error
 * (the error noted in *e, *errnum and msg).
 */
static size_t
gz_inflate_block(struct gz_stream *g, char *out, size_t n, int *end,
                 enum gz_error *e, int *errnum, const char **msg)
{
	int ret;

	g->z.next_out = (Bytef *)out;
	g->z.avail_out = (uInt)n;
	*end = 0;
	while (g->z.avail_out > 0 && !*end) {
		if (!g->in_member) {
			ret = gz_next_member(g);
			if (ret <= 0) {
				*end = 1;
				if (ret < 0) {
					*e = GZ_READ;
					*errnum = errno;
				}
				break;
			}
		}
		if (g->z.avail_in == 0) {
			ssize_t got;

			/* what is there now goes out before a read that may
			 * wait (on a pipe) */
			if (g->z.avail_out < n)
				break;
			got = gz_more_input(g);

			if (got < 0 || (got == 0 && g->in_eof)) {
				*end = 1;
				*e = got < 0 ? GZ_READ : GZ_TRUNCATED;
				*errnum = errno;
				break;
			}
		}
		ret = inflate(&g->z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			g->in_member = 0;
		else if (ret == Z_MEM_ERROR) {
			*end = 1;
			*e = GZ_MEMORY;
		} else if (ret != Z_OK && ret != Z_BUF_ERROR) {
			*end = 1;
			*e = GZ_CORRUPT;
			*msg = g->z.msg ? g->z.msg : "bad data";
		}
	}
	return n - g->z.avail_out;
}

/*
 * Fill the free block at the tail of the ring and publish it; at the end
 * of the data (or an error) set done.
 */
static void
gz_fill_next(struct gz_stream *g, unsigned slot)
{
	enum gz_error e = GZ_OK;
	int errnum = 0, end;
	const char *msg = NULL;
	size_t len;

	len = gz_inflate_block(g, g->blocks[slot], GZ_BLOCK, &end, &e, &errnum,
	                       &msg);
	if (g->threaded)
		pthread_mutex_lock(&g->lock);
	g->lens[slot] = len;
	if (len > 0)
		g->count++;
	if (end) {
		g->done = 1;
		if (e != GZ_OK)
			gz_fail(g, e, errnum, msg);
	}
	if (g->threaded) {
		pthread_cond_broadcast(&g->changed);
		pthread_mutex_unlock(&g->lock);
	}
}

static void *
gz_worker(void *arg)
{
	struct gz_stream *g = arg;
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	for (;;) {
		unsigned slot;

		pthread_mutex_lock(&g->lock);
		/* at the end, wait to be stopped: a program that exits
		 * without closing leaves no finished, unjoined thread */
		while ((g->count == GZ_BLOCKS || g->done) && !g->stop)
			pthread_cond_wait(&g->changed, &g->lock);
		if (g->stop) {
			pthread_mutex_unlock(&g->lock);
			break;
		}
		slot = (g->head + g->count) % GZ_BLOCKS;
		pthread_mutex_unlock(&g->lock);
		gz_fill_next(g, slot);
	}
	return NULL;
}

/*
 * Start inflating fd, whose first two bytes (gzip's magic, already read)
 * are lead: on a second thread when one can be had, else on demand.
 */
static struct gz_stream *
gz_start(int fd, const unsigned char *lead)
{
	struct gz_stream *g = xcalloc(1, sizeof(*g));
	int i;

	g->fd = fd;
	g->inbuf = xmalloc(INPUT_BLOCK);
	memcpy(g->inbuf, lead, 2);
	g->z.next_in = g->inbuf;
	g->z.avail_in = 2;
	if (inflateInit2(&g->z, 15 + 16) != Z_OK)
		die(EXIT_SYSTEM, "out of memory");
	g->in_member = 1;
	for (i = 0; i < GZ_BLOCKS; i++)
		g->blocks[i] = xmalloc(GZ_BLOCK);
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->changed, NULL);
	g->threaded = 1;
	if (pthread_create(&g->thread, NULL, gz_worker, g) != 0)
		g->threaded = 0;
	return g;
}

/* Report the worker's error in the reader's thread (input_fail()). */
static void
gz_report(struct input *in, const struct gz_stream *g)
{
	switch (g->error) {
	case GZ_READ:
		input_fail(in, EXIT_SYSTEM, g->error_errno, "cannot read '%s'",
		           in->name);
		break;
	case GZ_TRUNCATED:
		input_fail(in, EXIT_DATA, -1, "%s: truncated gzip data",
		           in->name);
		break;
	case GZ_CORRUPT:
		input_fail(in, EXIT_DATA, -1, "%s: corrupt gzip data (%s)",
		           in->name, g->error_msg);
		break;
	default:
		input_fail(in, EXIT_SYSTEM, -1, "%s: out of memory", in->name);
		break;
	}
}

/*
 * Make blocks[head] a block with unread bytes, releasing the one read up.
 * Returns 0 at the end of the data; reports an error there.
 */
static int
gz_take(struct input *in, struct gz_stream *g)
{
	if (g->threaded)
		pthread_mutex_lock(&g->lock);
	if (g->holding) {
		g->head = (g->head + 1) % GZ_BLOCKS;
		g->count--;
		g->holding = 0;
		g->pos = 0;
		if (g->threaded)
			pthread_cond_broadcast(&g->changed);
	}
	if (g->threaded)
		while (g->count == 0 && !g->done)
			pthread_cond_wait(&g->changed, &g->lock);
	else
		while (g->count == 0 && !g->done)
			gz_fill_next(g, (g->head + g->count) % GZ_BLOCKS);
	g->holding = g->count > 0;
	if (g->threaded)
		pthread_mutex_unlock(&g->lock);
	if (!g->holding) {
		if (g->error != GZ_OK)
			gz_report(in, g);
		return 0;
	}
	return 1;
}

static size_t
gz_read(struct input *in, char *buf, size_t n)
{
	struct gz_stream *g = in->gz;
	size_t len;

	if (!g->holding || g->pos == g->lens[g->head])
		if (!gz_take(in, g))
			return 0;
	len = g->lens[g->head] - g->pos;
	if (len > n)
		len = n;
	memcpy(buf, g->blocks[g->head] + g->pos, len);
	g->pos += len;
	return len;
}

/* Stop the worker (cancelled if it waits for input) and free it all. */
static void
gz_stop(struct gz_stream *g)
{
	int i;

	if (g->threaded) {
		pthread_mutex_lock(&g->lock);
		g->stop = 1;
		pthread_cond_broadcast(&g->changed);
		pthread_mutex_unlock(&g->lock);
		pthread_cancel(g->thread);
		pthread_join(g->thread, NULL);
	}
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->changed);
	inflateEnd(&g->z);
	for (i = 0; i < GZ_BLOCKS; i++)
		free(g->blocks[i]);
	free(g->inbuf);
	free(g);
}

/* ---- reading ---- */

/* Read the first two bytes (fewer at the end) and decide the kind. */
static void
decide_kind(struct input *in)
{
	size_t got;

	while (in->nlead < 2 &&
	       (got = read_or_die(in, in->lead + in->nlead, 2 - in->nlead)) > 0)
		in->nlead += got;
	if (in->nlead == 2 && in->lead[0] == 0x1f && in->lead[1] == 0x8b) {
		in->kind = KIND_GZIP;
		in->gz = gz_start(in->fd, in->lead);
		in->nlead = 0;
	} else
		in->kind = KIND_PLAIN;
}

static size_t
raw_read(struct input *in, char *buf, size_t n)
{
	size_t got;

	if (in->eof || n == 0)
		return 0;
	if (in->kind == KIND_UNKNOWN)
		decide_kind(in);
	if (in->kind == KIND_GZIP)
		got = gz_read(in, buf, n);
	else if (in->lead_pos < in->nlead) {
		got =
		    in->nlead - in->lead_pos < n ? in->nlead - in->lead_pos : n;
		memcpy(buf, in->lead + in->lead_pos, got);
		in->lead_pos += got;
	} else
		got = read_or_die(in, buf, n);
	if (got == 0)
		in->eof = 1;
	return got;
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
	if (have >= 2 &&
	    ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
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
			in->line_end =
			    (i + 1 < in->end && in->buf[i + 1] == '\n')
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

/* Whether in is a plain regular file read with input_read(). */
static int
is_plain_file(const struct input *in)
{
	struct stat st;

	return in->kind == KIND_PLAIN && in->line_end == END_UNKNOWN &&
	       in->start == in->end && fstat(in->fd, &st) == 0 &&
	       S_ISREG(st.st_mode);
}

long long
input_size(const struct input *in)
{
	struct stat st;

	if (in->kind != KIND_PLAIN || fstat(in->fd, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return -1;
	return (long long)st.st_size;
}

long long
input_offset(const struct input *in)
{
	off_t at;

	if (!is_plain_file(in))
		return -1;
	at = lseek(in->fd, 0, SEEK_CUR);
	if (at < 0)
		return -1;
	return (long long)at - (long long)(in->nlead - in->lead_pos);
}

int
input_read_range(struct input *in, long long start, long long end)
{
	if (!is_plain_file(in) || start < 0 || end < start ||
	    lseek(in->fd, (off_t)start, SEEK_SET) < 0)
		return -1;
	in->lead_pos = in->nlead; /* the lead bytes are before start */
	in->at_start = 0;         /* no byte order mark inside a file */
	in->eof = 0;
	in->left = end - start;
	return 0;
}

void
input_keep_errors(struct input *in, int on)
{
	in->keep_errors = on;
}

int
input_failed(const struct input *in, const char **msg)
{
	*msg = in->failed ? in->failure : "";
	return in->failed;
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
	if (in->gz)
		gz_stop(in->gz);
	close(in->fd);
	free(in->buf);
	free(in->name);
	free(in);
}
