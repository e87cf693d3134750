/*
 * xalloc.c - allocation that cannot fail.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __linux__
#include <linux/mman.h> /* MADV_COLLAPSE, where the C library lacks it */
#endif
#ifdef __GLIBC__
#include <malloc.h> /* mallopt() */
#endif

#include "error.h"
#include "xalloc.h"

static void
out_of_memory(size_t size)
{
	die(EXIT_SYSTEM, "out of memory (allocating %zu bytes)", size);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(n * size);
	return p;
}

#define HUGE_PAGE ((size_t)2 << 20)
#define SMALL_PAGE ((size_t)4096)

/* Advise huge pages from a to e (both on huge page boundaries), if any. */
static void
advise_range(uintptr_t a, uintptr_t e)
{
#ifdef MADV_HUGEPAGE
	if (e > a) /* a hint: failure is harmless */
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)a;
	(void)e;
#endif
}

void
advise_huge_pages(void *start, size_t bytes)
{
	uintptr_t a = ((uintptr_t)start + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)start + bytes) & ~(HUGE_PAGE - 1);

	advise_range(a, e);
}

void *
xmalloc_huge_aligned(size_t bytes)
{
	void *p = NULL;

	if (bytes > SIZE_MAX - HUGE_PAGE)
		out_of_memory(SIZE_MAX);
	bytes = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (posix_memalign(&p, HUGE_PAGE, bytes ? bytes : HUGE_PAGE) != 0)
		return xmalloc(bytes); /* unaligned: small pages, as before */
	return p;
}

void *
xcalloc_huge(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (size && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	bytes = n * size;
	if (bytes < 2 * HUGE_PAGE)
		return xcalloc(n, size);
	p = xmalloc_huge_aligned(bytes);
	advise_huge_pages(p, bytes);
	memset(p, 0, bytes);
	return p;
}

void *
xcalloc_huge_block(size_t bytes, void **to_free)
{
	char *raw;

	if (bytes > SIZE_MAX - HUGE_PAGE)
		out_of_memory(SIZE_MAX);
	raw = xcalloc(1, bytes + HUGE_PAGE);
	*to_free = raw;
	raw += (HUGE_PAGE - (uintptr_t)raw % HUGE_PAGE) % HUGE_PAGE;
	advise_huge_pages(raw, bytes);
	return raw;
}

void
alloc_large_by_mmap(void)
{
#ifdef M_MMAP_THRESHOLD
	(void)mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

/*
 * Advise huge pages for the len bytes at p and for the bit of a small
 * page around them at either end, up to the huge page boundaries there:
 * for a block that is a mapping of its own, those bits are its own
 * header and tail.
 */
static void
advise_huge_block(char *p, size_t len)
{
	uintptr_t a = (uintptr_t)p & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);

	if ((uintptr_t)p - a > SMALL_PAGE)
		a += HUGE_PAGE;
	if (e - ((uintptr_t)p + len) > SMALL_PAGE)
		e -= HUGE_PAGE;
	advise_range(a, e);
#ifdef MADV_COLLAPSE
	/* the C library wrote the block's header before the advice, which
	   put the first huge page's worth on small pages: make it one huge
	   page now (a hint too: kernels before 6.1 refuse it) */
	if (a <= (uintptr_t)p && e > a)
		(void)madvise((void *)a, HUGE_PAGE, MADV_COLLAPSE);
#endif
}

void *
xcalloc_huge_lazy(size_t n, size_t size)
{
	size_t bytes;
	char *p;

	if (size && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	bytes = n * size;
	if (bytes < 2 * HUGE_PAGE || bytes > SIZE_MAX - 2 * HUGE_PAGE) {
		p = xcalloc(n ? n : 1, size ? size : 1);
		advise_huge_pages(p, bytes);
		return p;
	}
	/* whole huge pages less a small page: with the C library's header
	   the block is then a mapping of whole huge pages, which the kernel
	   places on a huge page boundary, so that all of it (not only the
	   whole pages inside) can be on huge pages */
	bytes = ((bytes + SMALL_PAGE + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)) -
	        SMALL_PAGE;
	p = xcalloc(1, bytes);
	advise_huge_block(p, bytes);
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		out_of_memory(size);
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *
xmemdup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
grow_array(void **array, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap;

	if (need <= n)
		return;
	if (n < 8)
		n = 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			out_of_memory(SIZE_MAX);
		n *= 2;
	}
	*array = xreallocarray(*array, n, size);
	*cap = n;
}
