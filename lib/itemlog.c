/*
 * itemlog.c - records kept aside in partitions (see itemlog.h).
 *
 * Each partition fills a buffer (BUF bytes, less for a small memory
 * setting); a full buffer becomes a chunk of the partition's list.
 * Chunks stay in memory until together they pass the memory allowed
 * (itemlog_memory()); then all of them are written to the temporary file
 * with a few pwritev() calls and their buffers are used again.  A record
 * longer than a buffer is a chunk of its own.  Reading a partition back
 * gathers its chunks, from memory or from the file, and its current
 * buffer into one buffer.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "error.h"
#include "itemlog.h"
#include "xalloc.h"

/*
 * A partition's buffer: big enough that writes and reads are few, small
 * enough that all partitions' together are a fraction of the memory
 * allowed (MEMORY_SHARE of it); never below MIN_BUF.
 */
#define BUF ((size_t)8192)
#define MIN_BUF ((size_t)64)
#define MEMORY_SHARE 512

/*
 * Buffers are cut from blocks of BLOCK bytes on huge pages, never freed
 * one by one: first writes to them would otherwise fault in a 4 KiB page
 * each, and page faults are dear (microseconds each on a virtual machine).
 */
#define BLOCK ((size_t)8 << 20)

/* iovecs per pwritev() call (POSIX guarantees at least 16; Linux 1024). */
#define IOVECS 512

/* Part of a partition's records: in memory (mem) or in the file (off). */
struct chunk {
	struct chunk *next;
	char *mem; /* NULL once written out */
	int own;   /* mem is a record longer than a buffer, not a buffer */
	off_t off;
	size_t len;
};

struct part {
	char *buf; /* NULL until the partition has a record */
	size_t used;
	struct chunk *head, *tail;
};

/* A buffer on the list of those to use again. */
struct free_buf {
	struct free_buf *next;
};

struct itemlog {
	struct part parts[ITEMLOG_PARTS];
	struct chunk **held; /* chunks in memory, in order of filling */
	size_t nheld, heldcap, held_bytes;
	struct free_buf *free_bufs; /* buffers to use again */
	size_t memory;  /* bytes of full chunks held before they are spilled */
	size_t bufsize; /* of a partition's buffer */
	int fd;         /* the temporary file, -1 until one is needed */
	const char *dir;
	off_t file_end;
	unsigned long long bytes;
	char *read;
	size_t readcap;
	void **blocks; /* to free: the blocks buffers are cut from */
	size_t nblocks, blockcap;
	char *block_next; /* the rest of the newest block */
	size_t block_left;
};

size_t
itemlog_memory(void)
{
	const char *env = getenv("RMKIT_ITEM_MEMORY");

	if (env && *env) {
		char *end;
		unsigned long long n;

		errno = 0;
		n = strtoull(env, &end, 10);
		if (*end == '\0' && *env != '-' && errno == 0 &&
		    n <= SIZE_MAX / 2)
			return (size_t)n;
	}
	return ITEMLOG_MEMORY;
}

struct itemlog *
itemlog_new(void)
{
	struct itemlog *l = xcalloc(1, sizeof(*l));

	l->fd = -1;
	l->memory = itemlog_memory();
	/* a multiple of 16, so that buffers cut one after another from a
	   block stay aligned for the free list's links */
	l->bufsize = l->memory / MEMORY_SHARE / 16 * 16;
	if (l->bufsize > BUF)
		l->bufsize = BUF;
	if (l->bufsize < MIN_BUF)
		l->bufsize = MIN_BUF;
	return l;
}

/*
 * A partition's buffer (bufsize bytes): one used before when there is one,
 * else the next one cut from the newest block.
 */
static char *
buf_take(struct itemlog *l)
{
	struct free_buf *b = l->free_bufs;
	char *buf;

	if (b) {
		l->free_bufs = b->next;
		return (char *)b;
	}
	if (l->block_left < l->bufsize) {
		grow_array((void **)&l->blocks, &l->blockcap, l->nblocks + 1,
		           sizeof(void *));
		l->block_next =
		    xcalloc_huge_block(BLOCK, &l->blocks[l->nblocks]);
		l->nblocks++;
		l->block_left = BLOCK;
	}
	buf = l->block_next;
	l->block_next += l->bufsize;
	l->block_left -= l->bufsize;
	return buf;
}

/* Keep the buffer b, written out, for buf_take(). */
static void
buf_give(struct itemlog *l, char *b)
{
	struct free_buf *f = (struct free_buf *)(void *)b;

	f->next = l->free_bufs;
	l->free_bufs = f;
}

/* The directory for the temporary file: $TMPDIR, else /tmp. */
static const char *
temp_dir(void)
{
	const char *d = getenv("TMPDIR");

	return d && *d ? d : "/tmp";
}

/* Make the temporary file and unlink it at once: it lives while open. */
static void
open_file(struct itemlog *l)
{
	size_t n;
	char *path;

	l->dir = temp_dir();
	n = strlen(l->dir);
	path = xmalloc(n + sizeof("/rmkit-items-XXXXXX"));
	memcpy(path, l->dir, n);
	memcpy(path + n, "/rmkit-items-XXXXXX", sizeof("/rmkit-items-XXXXXX"));
	l->fd = mkstemp(path);
	if (l->fd < 0)
		die_errno(EXIT_SYSTEM, "cannot make a temporary file in '%s'",
		          l->dir);
	unlink(path);
	free(path);
}

/* Write iov[0 .. n-1] at the end of the file, all of it. */
static void
write_all(struct itemlog *l, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = pwritev(l->fd, iov, n, l->file_end);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			die_errno(EXIT_SYSTEM,
			          "cannot write a temporary file in '%s'",
			          l->dir);
		}
		l->file_end += w;
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
}

/* Write every chunk held in memory to the file, and free their buffers. */
static void
spill(struct itemlog *l)
{
	struct iovec iov[IOVECS];
	size_t i = 0, k;

	if (l->fd < 0)
		open_file(l);
	while (i < l->nheld) {
		off_t at = l->file_end;
		int n = 0;

		for (k = i; k < l->nheld && n < IOVECS; k++, n++) {
			iov[n].iov_base = l->held[k]->mem;
			iov[n].iov_len = l->held[k]->len;
		}
		write_all(l, iov, n);
		for (; i < k; i++) {
			struct chunk *c = l->held[i];

			c->off = at;
			at += (off_t)c->len;
			if (c->own)
				free(c->mem);
			else
				buf_give(l, c->mem);
			c->mem = NULL;
		}
	}
	l->nheld = 0;
	l->held_bytes = 0;
}

/* Add chunk c (len bytes at mem) to partition p and to the held ones. */
static void
add_chunk(struct itemlog *l, struct part *p, char *mem, size_t len, int own)
{
	struct chunk *c = xcalloc(1, sizeof(*c));

	c->mem = mem;
	c->len = len;
	c->own = own;
	if (p->tail)
		p->tail->next = c;
	else
		p->head = c;
	p->tail = c;
	grow_array((void **)&l->held, &l->heldcap, l->nheld + 1,
	           sizeof(struct chunk *));
	l->held[l->nheld++] = c;
	l->held_bytes += len;
}

/* The partition's buffer is full: make it a chunk and start another. */
static void
close_buffer(struct itemlog *l, struct part *p)
{
	add_chunk(l, p, p->buf, p->used, 0);
	p->buf = buf_take(l);
	p->used = 0;
}

void
itemlog_add(struct itemlog *l, uint32_t hash, const void *head, size_t head_len,
            const void *body, size_t body_len)
{
	struct part *p = &l->parts[hash % ITEMLOG_PARTS];
	size_t len = head_len + body_len;
	char *to;

	if (!p->buf)
		p->buf = buf_take(l);
	if (l->bufsize - p->used < len && p->used > 0)
		close_buffer(l, p);
	if (len > l->bufsize) {
		to = xmalloc(len);
		add_chunk(l, p, to, len, 1);
	} else {
		to = p->buf + p->used;
		p->used += len;
	}
	memcpy(to, head, head_len);
	if (body_len)
		memcpy(to + head_len, body, body_len);
	l->bytes += len;
	if (l->held_bytes > l->memory)
		spill(l);
}

unsigned long long
itemlog_bytes(const struct itemlog *l)
{
	return l->bytes;
}

int
itemlog_spilled(const struct itemlog *l)
{
	return l->fd >= 0;
}

/* Read len bytes at off of the file into to, all of them. */
static void
read_all(struct itemlog *l, char *to, size_t len, off_t off)
{
	while (len > 0) {
		ssize_t r = pread(l->fd, to, len, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			die_errno(EXIT_SYSTEM,
			          "cannot read a temporary file in '%s'",
			          l->dir);
		}
		to += r;
		len -= (size_t)r;
		off += r;
	}
}

const char *
itemlog_part(struct itemlog *l, size_t part, size_t *len)
{
	struct part *p = &l->parts[part];
	struct chunk *c;
	size_t n = p->used;
	char *to;

	for (c = p->head; c; c = c->next)
		n += c->len;
	*len = n;
	if (n == 0)
		return NULL;
	if (n > l->readcap) {
		free(l->read);
		l->readcap = n + n / 4;
		l->read = xmalloc(l->readcap);
	}
	to = l->read;
	for (c = p->head; c; c = c->next) {
		if (c->mem)
			memcpy(to, c->mem, c->len);
		else
			read_all(l, to, c->len, c->off);
		to += c->len;
	}
	memcpy(to, p->buf, p->used);
	return l->read;
}

void
itemlog_free(struct itemlog *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < ITEMLOG_PARTS; i++) {
		struct chunk *c, *next;

		for (c = l->parts[i].head; c; c = next) {
			next = c->next;
			if (c->own)
				free(c->mem);
			free(c);
		}
	}
	for (i = 0; i < l->nblocks; i++)
		free(l->blocks[i]);
	free(l->blocks);
	if (l->fd >= 0)
		close(l->fd);
	free(l->held);
	free(l->read);
	free(l);
}
