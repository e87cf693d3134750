/*
 * xalloc.h - allocation that cannot fail.
 *
 * Each function behaves like its C library namesake but, when memory
 * runs out, reports "out of memory" and exits with EXIT_SYSTEM instead of
 * returning NULL.  Sizes that overflow size_t are treated the same way.
 */
#ifndef RMKIT_XALLOC_H
#define RMKIT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);

/*
 * Ask the kernel to back the whole 2 MiB pages inside the bytes at start
 * with huge pages: a page fault per 4 KiB, or a TLB miss per access to a
 * large table read at random, costs more than the work on the memory.
 * Only a hint: nothing changes where it is refused or not supported.
 * Advice on part of a mapping splits it (mremap() cannot then grow it).
 */
void advise_huge_pages(void *start, size_t bytes);

/*
 * bytes (rounded up to whole 2 MiB pages), not zeroed, starting at a
 * 2 MiB boundary, so that all of it can be on huge pages once advised (a
 * plain malloc() of a few megabytes rarely holds an aligned 2 MiB page).
 * When an aligned block cannot be had, a plain xmalloc() block of that
 * size.  Freed with free().
 */
void *xmalloc_huge_aligned(size_t bytes);

/*
 * xcalloc() for a large table read at random: from 4 MiB on, the memory
 * starts at a 2 MiB boundary and is advised to use 2 MiB pages (on small
 * pages nearly every lookup would also miss the TLB), and is zeroed at
 * once.  Freed with free().
 */
void *xcalloc_huge(size_t n, size_t size);

/*
 * xcalloc() for a large array that may be touched only in part, or
 * late: the memory is advised to use 2 MiB pages, and is not written
 * here, so its pages are faulted in (and zeroed by the kernel) only when,
 * and by the thread that, first touches them.  From 4 MiB on the block
 * is made a little larger (up to 2 MiB), so that, after
 * alloc_large_by_mmap(), it is a mapping of whole 2 MiB pages, all of it
 * advised (the kernel puts such mappings on a 2 MiB boundary); its first
 * 2 MiB, where the C library wrote its header before the advice, are made
 * one huge page at once (MADV_COLLAPSE, Linux 6.1 on), so that page is
 * resident from the start.  Smaller blocks, or where that fails, are
 * advised where whole 2 MiB pages fall inside them.  Freed with free().
 */
void *xcalloc_huge_lazy(size_t n, size_t size);

/*
 * bytes of zeroed memory from a 2 MiB boundary, all of it advised to use
 * huge pages, not written here (pages are faulted in when first used):
 * for large blocks read at random that never move.  free(*to_free)
 * frees it (the block itself is inside that allocation).
 */
void *xcalloc_huge_block(size_t bytes, void **to_free);

/*
 * Make every later allocation of 1 MiB or more a mapping of its own (the
 * C library's threshold for that fixed there, where it would otherwise
 * rise as large blocks are freed): calloc() of such a block then writes
 * nothing, as the kernel's fresh pages are zero, so xcalloc_huge_lazy()
 * is lazy indeed; realloc() moves it without copying.  For programs
 * that make large arrays touched late or in part.  Where the C library
 * has no such setting, nothing changes.
 */
void alloc_large_by_mmap(void);

/* xrealloc(p, n * size), checking the multiplication for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);

char *xstrdup(const char *s);

/* A NUL-terminated copy of the len bytes at s. */
char *xmemdup(const char *s, size_t len);

/*
 * Grow *array (of element size size, capacity *cap) so that it holds at
 * least need elements; capacity at least doubles, so appends are
 * amortised O(1).  New elements are not initialised.
 */
void grow_array(void **array, size_t *cap, size_t need, size_t size);

#endif
