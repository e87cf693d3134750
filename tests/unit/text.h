/*
 * text.h - a growing C string for unit tests that build a transcript of
 * what a reader gave and compare two of them.
 */
#ifndef RMKIT_TEST_TEXT_H
#define RMKIT_TEST_TEXT_H

#include <string.h>

#include "xalloc.h"

struct text {
	char *s;
	size_t len, cap;
};

/* Append the n bytes at s (kept NUL terminated). */
static __attribute__((unused)) void
add(struct text *t, const char *s, size_t n)
{
	grow_array((void **)&t->s, &t->cap, t->len + n + 1, 1);
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

#endif
