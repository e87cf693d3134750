/*
 * utf8.c - check that text is UTF-8 (see utf8.h).
 */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define HIGHS 0x8080808080808080ULL

/* The eight bytes at s as one word (any alignment). */
static uint64_t
load8(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

/*
 * The bytes after lead byte b in a valid sequence (1 to 3), with b's bits
 * of the code point in *cp; 0 when b cannot lead one (a continuation
 * byte, 0xC0, 0xC1, or 0xF5 and above).
 */
static size_t
sequence_tail(unsigned char b, unsigned long *cp)
{
	if (b >= 0xc2 && b <= 0xdf) {
		*cp = b & 0x1f;
		return 1;
	}
	if (b >= 0xe0 && b <= 0xef) {
		*cp = b & 0x0f;
		return 2;
	}
	if (b >= 0xf0 && b <= 0xf4) {
		*cp = b & 0x07;
		return 3;
	}
	return 0;
}

/*
 * Whether the n continuation bytes at s (n from sequence_tail(), all
 * within the text) complete code point cp into a valid one: not
 * overlong, not a surrogate, not above U+10FFFF.
 */
static int
sequence_valid(const unsigned char *s, size_t n, unsigned long cp)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if (n == 2)
		return cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
	if (n == 3)
		return cp >= 0x10000 && cp <= 0x10ffff;
	return 1; /* two bytes: 0xC2 and up are never overlong */
}

size_t
utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;
	unsigned long cp;

	while (i < len) {
		if (i + 8 <= len && (load8(str + i) & HIGHS) == 0) {
			i += 8;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = sequence_tail(s[i], &cp);
		if (n == 0 || n >= len - i || !sequence_valid(s + i + 1, n, cp))
			return i;
		i += n + 1;
	}
	return len;
}

int
utf8_has_high(const char *s, size_t len)
{
	size_t i = 0;

	for (; i + 8 <= len; i += 8)
		if (load8(s + i) & HIGHS)
			return 1;
	for (; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}
