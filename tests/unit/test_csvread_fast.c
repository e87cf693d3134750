/*
 * test_csvread_fast.c - the reader's fast path (csv_reader_fast()) gives
 * exactly what libcsv alone gives: the same records (fields, lengths,
 * start and end lines, raw bytes), the same errors at the same lines, on
 * random input made of the bytes that matter (delimiters, quotes, blanks,
 * CR, LF, NUL, high bytes), in every format rm-import uses, with and
 * without column selection and a small record bound, and across the
 * reader's 256 KiB blocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvread.h"
#include "input.h"
#include "scratch.h"
#include "text.h"
#include "xalloc.h"

static void
addf(struct text *t, long a, long b, size_t c)
{
	char buf[80];
	int n = snprintf(buf, sizeof(buf), "<%ld %ld %zu>", a, b, c);

	add(t, buf, (size_t)n);
}

/* One way of reading: format, trimming, selection, bound. */
struct way {
	char delim, quote;
	int trim;
	const unsigned char *wanted;
	size_t nwanted, max_record;
};

/* Read the file name with the fast path on or off; describe it all. */
static void
describe(const char *name, const struct way *w, int fast, struct text *t)
{
	struct input *in = input_open(scratch_path(name));
	struct csv_reader *r =
	    csv_reader_new(in, w->delim, w->quote, w->max_record);
	const char *raw;
	size_t i, len;
	int rc;

	csv_reader_fast(r, fast);
	csv_reader_keep_raw(r, 1);
	csv_reader_trim_blanks(r, w->trim);
	csv_reader_select(r, w->wanted, w->nwanted);
	t->len = 0;
	while ((rc = csv_reader_next(r)) != 0) {
		raw = csv_reader_raw(r, &len);
		if (rc < 0) {
			const char *e = csv_reader_error(r);

			addf(t, -1, csv_reader_line(r), len);
			add(t, e, strlen(e));
			add(t, raw, len);
			continue;
		}
		addf(t, csv_reader_line(r), csv_reader_end_line(r),
		     csv_reader_nfields(r));
		for (i = 0; i < csv_reader_nfields(r); i++) {
			addf(t, (long)i, 0, csv_reader_field_len(r, i));
			add(t, csv_reader_field(r, i),
			    csv_reader_field_len(r, i) + 1); /* and its NUL */
		}
		add(t, raw, len);
	}
	csv_reader_free(r);
	input_close(in);
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Random CSV-like bytes: mostly plain fields, some of every oddity. */
static size_t
random_csv(char *buf, size_t n, char delim, unsigned odd)
{
	static const char plain[] = "abcxyz019$.-/";
	enum { NPLAIN = sizeof(plain) - 1 };
	static const char oddities[] = " \t\"\"\"\r\n\n;,|\x80\xc3\xa9\\";
	size_t i = 0;

	while (i < n) {
		unsigned k = rnd(100);

		if (k < 6)
			buf[i++] = '\n';
		else if (k < 16)
			buf[i++] = delim;
		else if (k < 20 && i + 4 < n) { /* quoted, maybe with "" */
			buf[i++] = '"';
			while (i + 3 < n && rnd(6))
				if (rnd(8))
					buf[i++] = plain[rnd(NPLAIN)];
				else
					buf[i++] = delim;
			if (i + 3 < n && rnd(3) == 0) {
				buf[i++] = '"';
				buf[i++] = '"';
			}
			buf[i++] = '"';
		} else if (k < 20 + odd)
			buf[i++] = oddities[rnd(sizeof(oddities) - 1)];
		else if (k == 99 && odd && rnd(20) == 0)
			buf[i++] = '\0';
		else
			buf[i++] = plain[rnd(NPLAIN)];
	}
	return n;
}

/* Both readers on the same file, in the same way: the same story. */
static int
same_both_ways(const char *name, const struct way *w)
{
	static struct text a, b;

	describe(name, w, 0, &a);
	describe(name, w, 1, &b);
	if (a.len != b.len || memcmp(a.s, b.s, a.len) != 0) {
		printf("# differ on %s: delim %d quote %d trim %d\n", name,
		       w->delim, w->quote, w->trim);
		return 0;
	}
	return 1;
}

static const unsigned char some[] = {1, 0, 1, 1, 0, 0, 1};

static const struct way ways[] = {
    {',', '"', 1, NULL, 0, 0},  {',', '"', 0, NULL, 0, 0},
    {';', '"', 1, NULL, 0, 0},  {'\t', '\0', 0, NULL, 0, 0},
    {'\t', '"', 1, NULL, 0, 0}, {',', '"', 1, some, sizeof(some), 0},
    {'|', '"', 0, some, 3, 0},  {',', '"', 1, NULL, 0, 40},
    {',', '\'', 1, NULL, 0, 0}, {' ', '"', 1, NULL, 0, 0},
};

#define NWAYS (sizeof(ways) / sizeof(ways[0]))

static void
test_random_small(void)
{
	char buf[400];
	int round, bad = 0, k;

	for (round = 0; round < 3000; round++) {
		const struct way *w = &ways[round % NWAYS];
		size_t n = 1 + rnd(sizeof(buf) - 1);

		random_csv(buf, n, w->delim, round % 3 == 0 ? 0 : 1 + rnd(30));
		scratch_write("small.csv", buf, n);
		k = same_both_ways("small.csv", w);
		if (!k && bad++ < 3)
			printf("# input: %.*s\n", (int)n, buf);
	}
	CHECK(bad == 0);
}

/* Large inputs: lines cut by the reader's 256 KiB blocks. */
static void
test_random_large(void)
{
	size_t n = (size_t)700 * 1024;
	char *buf = xmalloc(n);
	size_t k;

	for (k = 0; k < NWAYS; k++) {
		random_csv(buf, n, ways[k].delim, k % 2 ? 2 : 0);
		scratch_write("large.csv", buf, n);
		CHECK(same_both_ways("large.csv", &ways[k]));
	}
	free(buf);
}

/* The cases written out: each gives libcsv's answer both ways. */
static void
test_cases(void)
{
	static const char *const cases[] = {
	    "a,b\n\"x\",\"y\"\n",
	    "a,b\r\nc,d\r\n",
	    "a,b\rc,d\r",
	    "a, b ,  c  \n",
	    "  \"q\"  ,x\n",
	    "\"q\" x,y\n",
	    "\"a\"\"b\",\"\"\"\",\"\"\n",
	    "\"a\" \"b\"\n",
	    "a\"b,c\n",
	    ",,\n,\n",
	    "   \n\t\nx\n",
	    "\"multi\nline\",z\nnext,row\n",
	    "\"unterminated\nat the end",
	    "no line end",
	    "x,\"y\"",
	    "a,b\0c\nd,e\n",
	    "\xc3\xa9,\x80\n",
	};
	size_t i, k;
	int ok = 1;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i]);

		if (i == sizeof(cases) / sizeof(cases[0]) - 2)
			len = 10; /* the one holding a NUL */
		scratch_write("case.csv", cases[i], len);
		for (k = 0; k < NWAYS; k++)
			if (!same_both_ways("case.csv", &ways[k])) {
				printf("# case %zu\n", i);
				ok = 0;
			}
	}
	CHECK(ok);
}

int
main(void)
{
	if (scratch_open("csvfast") != 0)
		return 2;
	test_cases();
	test_random_small();
	test_random_large();
	scratch_remove();
	return check_exit();
}
