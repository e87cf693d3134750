/*
 * test_evsplit.c - event_reader_split(): one event file read in parts.
 *
 * For files grouped by account (LF, CRLF, a byte order mark, no final
 * line end) and for 2 to 7 parts, the parts together deliver every event
 * of the file once, in the file's order, and no account is in two parts;
 * inputs that must not split are refused; a part stops without a message
 * at a bad row or an unknown type; event_reader_add_counts() adds up.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "scratch.h"
#include "date.h"
#include "event.h"
#include "xalloc.h"

/*
 * An event file of naccounts accounts, per rows each (account i has
 * (i % 5) * per / 2 + 1 rows: groups of different sizes), grouped by
 * account, with the line end eol; its text in a new string.
 */
static char *
grouped_file(int naccounts, int per, const char *eol, int bom, int final)
{
	size_t cap = 1 << 16, n = 0;
	char *s = xmalloc(cap);
	int a, i, rows;

	n += (size_t)snprintf(s, cap, "%saccount\tdate\ttype\tvalue%s",
	                      bom ? "\xEF\xBB\xBF" : "", eol);
	for (a = 0; a < naccounts; a++) {
		rows = (a % 5) * per / 2 + 1;
		for (i = 0; i < rows; i++) {
			if (cap - n < 100) {
				cap *= 2;
				s = xrealloc(s, cap);
			}
			n += (size_t)snprintf(s + n, cap - n,
			                      "A%04d\t2024-%02d-%02d\tmrr\t%d%s",
			                      a, i % 12 + 1, i % 28 + 1, i, eol);
		}
	}
	if (!final) /* no line end after the last row */
		n -= strlen(eol);
	s[n] = '\0';
	return s;
}

/* One event as a line of text, for comparing. */
static void
put_event(FILE *f, const struct event *ev)
{
	fprintf(f, "%s %d %d %g\n", ev->account, ev->day, (int)ev->type,
	        ev->value);
}

/* Every event of reader r, as text, in a new string. */
static char *
events_of(struct event_reader *r, char **first, char **last)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct event ev;
	int n = 0;

	while (event_next(r, &ev)) {
		put_event(f, &ev);
		if (n++ == 0 && first)
			*first = xstrdup(ev.account);
		if (last) {
			free(*last);
			*last = xstrdup(ev.account);
		}
	}
	fclose(f);
	return buf;
}

/*
 * Whether file name split into parts (n asked) gives the same events as
 * one reader, with no account on both sides of a cut; *made is the
 * number of parts.
 */
static int
split_matches(const char *name, int n, int *made)
{
	char *paths[1] = {scratch_path(name)};
	struct event_reader *whole = event_reader_open(paths, 1);
	struct event_reader *sum = event_reader_open(paths, 1);
	struct event_reader **parts =
	    xcalloc((size_t)n, sizeof(struct event_reader *));
	char *want = events_of(whole, NULL, NULL), *got, *all = xstrdup("");
	char *prev_last = NULL;
	int k, ok = 1;

	*made = event_reader_split(sum, n, 1, parts);
	for (k = 0; k < *made; k++) {
		char *first = NULL, *last = NULL;

		got = events_of(parts[k], &first, &last);
		ok &= !event_reader_gave_up(parts[k]) && got[0] != '\0';
		if (prev_last && first)
			ok &= strcmp(prev_last, first) != 0;
		{
			size_t have = strlen(all), add = strlen(got);

			all = xrealloc(all, have + add + 1);
			memcpy(all + have, got, add + 1);
		}
		event_reader_add_counts(sum, parts[k]);
		event_reader_close(parts[k]);
		free(got);
		free(first);
		free(prev_last);
		prev_last = last;
	}
	if (*made)
		ok &= strcmp(all, want) == 0 &&
		      event_reader_count(sum) == event_reader_count(whole) &&
		      event_reader_max_day(sum) == event_reader_max_day(whole);
	free(prev_last);
	free(all);
	free(want);
	free(parts);
	event_reader_close(whole);
	event_reader_close(sum);
	return ok;
}

static void
test_grouped_files(void)
{
	static const char *const eols[] = {"\n", "\r\n"};
	int e, bom, final, n, made;
	char *s;

	for (e = 0; e < 2; e++)
		for (bom = 0; bom < 2; bom++)
			for (final = 0; final < 2; final++) {
				s = grouped_file(40, 20, eols[e], bom, final);
				scratch_write("g.tsv", s, strlen(s));
				free(s);
				for (n = 2; n <= 7; n++) {
					CHECK(split_matches("g.tsv", n, &made));
					CHECK(made >= 2 && made <= n);
				}
			}
	/* groups larger than a share: fewer parts, never an account cut */
	s = grouped_file(3, 200, "\n", 0, 1);
	scratch_write("few.tsv", s, strlen(s));
	free(s);
	CHECK(split_matches("few.tsv", 7, &made));
	CHECK(made >= 2 && made <= 3);
	/* one account: no cut is possible */
	s = grouped_file(1, 200, "\n", 0, 1);
	scratch_write("one.tsv", s, strlen(s));
	free(s);
	CHECK(split_matches("one.tsv", 2, &made));
	CHECK_INT(made, 0);
}

/* The number of parts event_reader_split() makes of paths (2 asked). */
static int
parts_of(char **paths, int npaths, long long min_bytes)
{
	struct event_reader *r = event_reader_open(paths, npaths);
	struct event_reader *parts[2];
	int made = event_reader_split(r, 2, min_bytes, parts), k;

	for (k = 0; k < made; k++)
		event_reader_close(parts[k]);
	event_reader_close(r);
	return made;
}

static void
test_refused(void)
{
	char *s = grouped_file(40, 20, "\n", 0, 1), *gz = scratch_path("g.tsv.gz");
	char *paths[2];
	gzFile g;

	scratch_write("g.tsv", s, strlen(s));
	g = gzopen(gz, "wb");
	gzwrite(g, s, (unsigned)strlen(s));
	gzclose(g);
	paths[0] = scratch_path("g.tsv");
	CHECK_INT(parts_of(paths, 1, 1), 2);
	CHECK_INT(parts_of(paths, 1, (long long)strlen(s) + 1), 0);
	paths[1] = scratch_path("g.tsv");
	CHECK_INT(parts_of(paths, 2, 1), 0); /* several files */
	paths[0] = gz;
	CHECK_INT(parts_of(paths, 1, 1), 0); /* gzip */
	paths[0] = "-";
	CHECK_INT(parts_of(paths, 1, 1), 0); /* stdin */
	free(s);
	/* bare CR line ends */
	s = "account\tdate\ttype\rA\t2024-01-01\ttouch\r"
	    "B\t2024-01-01\ttouch\rC\t2024-01-01\ttouch\r";
	scratch_write("cr.tsv", s, strlen(s));
	paths[0] = scratch_path("cr.tsv");
	CHECK_INT(parts_of(paths, 1, 1), 0);
}

/* A part stops, silently, at a row the reader refuses. */
static void
test_strict(const char *bad_row)
{
	char *s = grouped_file(40, 20, "\n", 0, 1), *paths[1];
	size_t len = strlen(s), half = len / 2;
	char *t = xmalloc(len + strlen(bad_row) + 1);
	struct event_reader *r, *parts[2];
	struct event ev;
	int made, k, gave_up = 0;
	unsigned long long n = 0;

	/* the bad row at a line start in the second half */
	while (s[half - 1] != '\n')
		half++;
	memcpy(t, s, half);
	memcpy(t + half, bad_row, strlen(bad_row));
	memcpy(t + half + strlen(bad_row), s + half, len - half + 1);
	scratch_write("bad.tsv", t, strlen(t));
	paths[0] = scratch_path("bad.tsv");
	r = event_reader_open(paths, 1);
	made = event_reader_split(r, 2, 1, parts);
	CHECK_INT(made, 2);
	for (k = 0; k < made; k++) {
		while (event_next(parts[k], &ev))
			n++;
		gave_up += event_reader_gave_up(parts[k]);
		CHECK_INT((long)event_reader_bad_rows(parts[k]), 0);
		event_reader_close(parts[k]);
	}
	CHECK_INT(gave_up, 1);
	CHECK(n > 0);
	event_reader_close(r);
	free(t);
	free(s);
}

int
main(void)
{
	if (scratch_open("evsplit") != 0)
		return 2;
	test_grouped_files();
	test_refused();
	test_strict("Z\t2024-13-01\tmrr\t1\n");    /* a bad date */
	test_strict("Z\t2024-01-01\tmeeting\t\n"); /* an unknown type */
	test_strict("Z\t2024-01-01\n");            /* too few fields */
	if (scratch_remove() != 0)
		return 2;
	return check_exit();
}
