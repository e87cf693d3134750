/*
 * test_utf8.c - utf8_check() finds the first byte that does not start a
 * valid sequence (RFC 3629: overlong forms, surrogates, code points above
 * U+10FFFF, stray continuation bytes and cut sequences refused), at any
 * place in the text, past runs of ASCII read eight bytes at a time.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "utf8.h"

/* utf8_check() of a string literal (which may hold NUL bytes). */
#define CHECK_AT(lit, want)                                                    \
	CHECK_INT((long)utf8_check(lit, sizeof(lit) - 1), (long)(want))

static void
test_valid(void)
{
	CHECK_AT("", 0);
	CHECK_AT("plain ASCII, longer than eight bytes", 36);
	CHECK_AT("a\0b", 3); /* NUL is ASCII (the TSV reader refuses it) */
	CHECK_AT("Jos\xC3\xA9", 5);         /* U+00E9 */
	CHECK_AT("\xC2\x80", 2);            /* U+0080, the first of two bytes */
	CHECK_AT("\xDF\xBF", 2);            /* U+07FF */
	CHECK_AT("\xE0\xA0\x80", 3);        /* U+0800 */
	CHECK_AT("\xE2\x82\xAC 12", 6);     /* the euro sign */
	CHECK_AT("\xED\x9F\xBF", 3);        /* U+D7FF, below the surrogates */
	CHECK_AT("\xEE\x80\x80", 3);        /* U+E000, above them */
	CHECK_AT("\xEF\xBF\xBF", 3);        /* U+FFFF */
	CHECK_AT("\xF0\x90\x80\x80", 4);    /* U+10000 */
	CHECK_AT("\xF0\x9F\x98\x80 ok", 7); /* an emoji */
	CHECK_AT("\xF4\x8F\xBF\xBF", 4);    /* U+10FFFF, the last */
}

static void
test_invalid(void)
{
	CHECK_AT("\xE9t\xE9", 0); /* Latin-1 */
	CHECK_AT("caf\xE9", 3);
	CHECK_AT("abcdefgh\xFF", 8);             /* after a whole word */
	CHECK_AT("abcdefghijklmnop\x80xyz", 16); /* a stray continuation */
	CHECK_AT("\xC0\xAF", 0);                 /* overlong '/' */
	CHECK_AT("\xC1\xBF", 0);
	CHECK_AT("\xE0\x9F\xBF", 0);     /* overlong U+07FF */
	CHECK_AT("\xF0\x8F\xBF\xBF", 0); /* overlong U+FFFF */
	CHECK_AT("\xED\xA0\x80", 0);     /* U+D800, a surrogate */
	CHECK_AT("\xED\xBF\xBF", 0);     /* U+DFFF */
	CHECK_AT("\xF4\x90\x80\x80", 0); /* U+110000 */
	CHECK_AT("\xF5\x80\x80\x80", 0);
	CHECK_AT("\xFE", 0);
	CHECK_AT("ok \xC3", 3); /* cut at the end */
	CHECK_AT("ok \xE2\x82", 3);
	CHECK_AT("ok \xF0\x9F\x98", 3);
	/* cut by the end of the text, though a continuation follows it */
	CHECK_INT((long)utf8_check("ok \xC3\xA9", 4), 3);
	CHECK_INT((long)utf8_check("\xE2\x82\xAC", 2), 0);
	CHECK_AT("\xC3(", 0); /* not followed by a continuation */
	CHECK_AT("\xE2\x28\xA1", 0);
	CHECK_AT("\xC3\xA9\xC3", 2); /* a good one, then a cut one */
}

/* Every place of a bad byte in a long ASCII text is found, as is none. */
static void
test_every_place(void)
{
	char text[40];
	size_t i, wrong = 0;

	for (i = 0; i < sizeof(text); i++) {
		memset(text, 'x', sizeof(text));
		text[i] = (char)0xE9;
		wrong += utf8_check(text, sizeof(text)) != i;
		wrong += !utf8_has_high(text, sizeof(text));
		wrong += utf8_has_high(text, i); /* the bytes before it */
	}
	CHECK_INT((long)wrong, 0);
	memset(text, 'x', sizeof(text));
	CHECK_INT((long)utf8_check(text, sizeof(text)), (long)sizeof(text));
	CHECK(!utf8_has_high(text, sizeof(text)));
}

int
main(void)
{
	test_valid();
	test_invalid();
	test_every_place();
	return check_exit();
}
