/*
 * test_core.c - strmap, table, the event reader and stats.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "event.h"
#include "stats.h"
#include "strmap.h"
#include "table.h"
#include "xalloc.h"

static char dir[] = "/tmp/rmkit-core.XXXXXX";

static char *
write_file(const char *name, const char *data)
{
	static char path[4][256];
	static int turn;
	char *p = path[turn++ % 4];
	FILE *f;

	snprintf(p, 256, "%s/%s", dir, name);
	f = fopen(p, "wb");
	fputs(data, f);
	fclose(f);
	return p;
}

static void
test_strmap(void)
{
	struct strmap *m = strmap_new();
	char key[32];
	int added, ok = 1;
	size_t i;

	CHECK(strmap_intern(m, "b", 1, &added) == 0 && added);
	CHECK(strmap_intern(m, "a", 1, &added) == 1 && added);
	CHECK(strmap_intern(m, "b", 1, &added) == 0 && !added);
	CHECK(strmap_find(m, "c", 1) == -1);
	CHECK(strmap_intern(m, "a\0b", 3, NULL) == 2); /* NUL inside */
	CHECK(strmap_find(m, "a", 1) == 1);
	for (i = 0; i < 100000; i++) {
		int n = snprintf(key, sizeof(key), "acct-%zu", i);

		if (strmap_intern(m, key, (size_t)n, NULL) != i + 3)
			ok = 0;
	}
	for (i = 0; i < 100000; i += 7) {
		int n = snprintf(key, sizeof(key), "acct-%zu", i);

		if (strmap_find(m, key, (size_t)n) != (long)(i + 3))
			ok = 0;
	}
	CHECK(ok);
	CHECK(strmap_count(m) == 100003);
	CHECK_STR(strmap_key(m, 5), "acct-2");
	CHECK(strmap_key_len(m, 2) == 3);
	CHECK(strmap_memory(m) > (size_t)100000 * 8);
	strmap_free(m);
}

/*
 * strmap_reserve() keeps every id, and the look-up hints agree with the
 * map: a key's hash guesses its id, and a hint changes nothing.
 */
static void
test_strmap_reserve(void)
{
	struct strmap *m = strmap_new();
	char key[32];
	int added, ok = 1, n;
	size_t i;

	for (i = 0; i < 1000; i++) {
		n = snprintf(key, sizeof(key), "k%zu", i);
		strmap_intern(m, key, (size_t)n, NULL);
	}
	strmap_reserve(m, 50000);
	strmap_reserve(m, 10); /* already room: nothing changes */
	for (i = 0; i < 1000; i++) {
		n = snprintf(key, sizeof(key), "k%zu", i);
		if (strmap_find(m, key, (size_t)n) != (long)i)
			ok = 0;
	}
	CHECK(ok);
	for (i = 1000; i < 60000; i++) { /* beyond the room reserved */
		n = snprintf(key, sizeof(key), "k%zu", i);
		strmap_prefetch(m, strmap_hash(key, (size_t)n));
		if (strmap_intern(m, key, (size_t)n, &added) != i || !added)
			ok = 0;
	}
	CHECK(ok);
	CHECK_INT(strmap_count(m), 60000);
	for (i = 0; i < 60000; i += 13) {
		uint32_t h;
		long g;

		n = snprintf(key, sizeof(key), "k%zu", i);
		h = strmap_hash(key, (size_t)n);
		g = strmap_guess(m, h);
		/* wrong only for another key of the same hash */
		if (g != (long)i &&
		    (g < 0 || strmap_hash(strmap_key(m, (size_t)g),
		                          strmap_key_len(m, (size_t)g)) != h))
			ok = 0;
	}
	CHECK(ok);
	CHECK(strmap_hash("k1", 2) == strmap_hash("k1", 2));
	CHECK(strmap_hash("k1", 2) != strmap_hash("k2", 2));
	CHECK_INT(strmap_find(m, "absent", 6), -1);
	CHECK_INT(strmap_count(m), 60000);
	strmap_free(m);
}

/*
 * xcalloc_huge_lazy() gives zeroed memory, small or large, after
 * alloc_large_by_mmap() too (blocks freed and taken again), that grows
 * by realloc keeping its contents.
 */
static void
test_lazy_alloc(void)
{
	size_t sizes[] = {1,
	                  100,
	                  (size_t)3 << 20,
	                  (size_t)4 << 20,
	                  ((size_t)6 << 20) - 4096,
	                  ((size_t)6 << 20) - 4095,
	                  (size_t)9 << 20},
	       i, k;
	int zero = 1, kept = 1;

	for (k = 0; k < 2; k++) {
		if (k == 1)
			alloc_large_by_mmap();
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			unsigned char *p = xcalloc_huge_lazy(sizes[i], 1);
			size_t j;

			for (j = 0; j < sizes[i]; j += 4093)
				if (p[j] != 0 || p[sizes[i] - 1] != 0)
					zero = 0;
			memset(p, 0xab, sizes[i]); /* dirty, for the next one */
			p = xrealloc(p, sizes[i] * 2);
			if (p[0] != 0xab || p[sizes[i] - 1] != 0xab)
				kept = 0;
			free(p);
		}
	}
	CHECK(zero);
	CHECK(kept);
	/* a block starts at a 2 MiB boundary, zeroed, inside what is freed */
	for (k = 0; k < 2; k++) {
		void *raw;
		unsigned char *b =
		    xcalloc_huge_block(((size_t)3 << 20) + k, &raw);

		CHECK((uintptr_t)b % ((uintptr_t)2 << 20) == 0);
		CHECK(b[0] == 0 && b[((size_t)3 << 20) + k - 1] == 0);
		CHECK(b >= (unsigned char *)raw);
		free(raw);
	}
}

/*
 * A table of thousands of rows, whose first rows are short and later ones
 * long (so the room made after the first 1024 is too little and the rest
 * grows), read after a file that added rows already: every row is kept
 * and found.
 */
static void
test_table_large(void)
{
	struct table *t = table_new("account");
	FILE *f;
	char *buf = NULL, name[32];
	size_t len = 0;
	const char *dots =
	    "...................................................."
	    "........";
	int i, found = 1;

	table_read(t, write_file("first.tsv", "account\tx\nB1\t1\nB2\t2\n"));
	f = open_memstream(&buf, &len);
	fputs("account\tnote\n", f);
	for (i = 0; i < 6000; i++)
		fprintf(f, "C%d\t%.*s\n", i, i < 2000 ? 1 : 60, dots);
	fclose(f);
	table_read(t, write_file("large.tsv", buf));
	free(buf);
	CHECK(table_nrows(t) == 6002);
	for (i = 0; i < 6000; i++) {
		snprintf(name, sizeof(name), "C%d", i);
		found &= table_find(t, name, strlen(name), 0) == i + 2;
	}
	CHECK(found);
	CHECK(table_find(t, "B2", 2, 0) == 1);
	CHECK_STR(table_cell(t, 5999, table_column(t, "note")), dots);
	CHECK_STR(table_cell(t, 2, table_column(t, "note")), ".");
	table_free(t);
}

static void
test_table(void)
{
	struct table *t = table_new("account");
	long row;

	table_read(t, write_file("a.tsv", "account\tname\towner\n"
					  "A1\tAcme\tjo\n"
					  "A2\tBeta\t\n"));
	table_read(t, write_file("b.tsv", "health\taccount\n"
					  "80\tA2\n"
					  "55\tA3\n"
					  "\tA1\n"
					  "x\n"));
	CHECK(table_bad_rows(t) == 1);
	CHECK(table_ncols(t) == 4);
	CHECK_STR(table_colname(t, 3), "health");
	CHECK(table_nrows(t) == 3);
	CHECK_STR(table_cell(t, 0, table_column(t, "name")), "Acme");
	CHECK_STR(table_cell(t, 0, table_column(t, "health")), "");
	CHECK_STR(table_cell(t, 1, table_column(t, "health")), "80");
	/* a row made wider keeps its cells */
	CHECK_STR(table_cell(t, 1, table_column(t, "name")), "Beta");
	CHECK_STR(table_cell(t, 1, table_column(t, "account")), "A2");
	CHECK_STR(table_cell(t, 2, table_column(t, "name")), "");
	CHECK_STR(table_cell(t, 2, table_column(t, "health")), "55");
	CHECK_STR(table_cell(t, 2, -1), "");
	row = table_find(t, "A3", 2, 0);
	CHECK(row == 2);
	CHECK(table_find(t, "A9", 2, 0) == -1);
	row = table_find(t, "A9", 2, 1);
	CHECK(row == 3 && table_nrows(t) == 4);
	table_set(t, 3, table_add_column(t, "band"), "red");
	CHECK_STR(table_cell(t, 3, table_column(t, "band")), "red");
	CHECK_STR(table_cell(t, 0, table_column(t, "band")), "");
	table_free(t);

	t = table_new(NULL);
	table_read(t, write_file("c.tsv", "x\ty\n1\t2\n1\t2\n"));
	CHECK(table_nrows(t) == 2);
	table_free(t);

	/* CRLF lines, an escaped tab, an empty last cell: each cell is its
	   own string, as the row's line is copied at once */
	t = table_new("account");
	table_read(t, write_file("d.tsv", "account\tname\tarr\r\n"
					  "A1\tAc\\tme\t\r\n"
					  "A2\t\t7\r\n"));
	CHECK(table_nrows(t) == 2);
	CHECK_STR(table_cell(t, 0, table_column(t, "name")), "Ac\\tme");
	CHECK_STR(table_cell(t, 0, table_column(t, "arr")), "");
	CHECK_STR(table_cell(t, 1, table_column(t, "name")), "");
	CHECK_STR(table_cell(t, 1, table_column(t, "arr")), "7");
	CHECK_STR(table_cell(t, 1, table_column(t, "account")), "A2");
	table_free(t);
}

static void
test_events(void)
{
	char *paths[2];
	struct event_reader *r;
	struct event ev;
	int n = 0, orders = 0;

	paths[0] = write_file("e1.tsv", "date\ttype\taccount\tvalue\tref\n"
					"2024-01-05\tmrr\tA1\t100\ts1\n"
					"2024-01-06\tbogus\tA1\t\t\n"
					"2024-02-30\torder\tA1\t5\t\n"
					"2024-01-07\tnps\tA2\t11\t\n"
					"2024-01-08\tmrr\tA2\t\t\n"
					"2024-01-09\torder\tA2\t12abc\t\n");
	paths[1] = write_file("e2.tsv", "account\tdate\ttype\n"
					"A3\t2024-03-01\torder\n"
					"A3\t2024-03-02\tbogus\n"
					"\t2024-03-03\torder\n");
	r = event_reader_open(paths, 2);
	while (event_next(r, &ev)) {
		n++;
		if (ev.type == EV_ORDER) {
			orders++;
			CHECK(!ev.has_value && ev.ref_len == 0);
		}
		if (ev.type == EV_MRR)
			CHECK(ev.value == 100 && ev.ref_len == 2 &&
			      ev.line == 2);
	}
	CHECK(n == 2 && orders == 1);
	CHECK(event_reader_bad_rows(r) == 5);
	CHECK(event_reader_count(r) == 2);
	CHECK(event_reader_max_day(r) > 0);
	CHECK(event_reader_close(r) == 5);
	CHECK(event_type_parse("ticket_closed", 13) == EV_TICKET_CLOSED);
	CHECK(event_type_parse("ticket", 6) == EV_TICKET);
	CHECK(event_type_parse("tick", 4) == -1);
	CHECK_STR(event_type_name(EV_ESCALATION_CLOSED), "escalation_closed");
}

static void
test_stats(void)
{
	double v[] = {5, 1, 4, 2, 3};
	double w[] = {7};
	struct dvec d = {0};

	CHECK_NEAR(stats_median(v, 5), 3, 1e-12);
	CHECK_NEAR(stats_quantile_sorted(v, 5, 0.25), 2, 1e-12);
	CHECK_NEAR(stats_quantile_sorted(v, 5, 0.1), 1.4, 1e-12);
	CHECK_NEAR(stats_quantile_sorted(v, 5, 1), 5, 1e-12);
	CHECK_NEAR(stats_median(w, 1), 7, 1e-12);
	CHECK_NEAR(stats_mean(v, 5), 3, 1e-12);
	CHECK(stats_median(v, 0) != stats_median(v, 0)); /* NaN */
	dvec_push(&d, 2);
	dvec_push(&d, 1);
	CHECK_NEAR(stats_median(d.v, d.n), 1.5, 1e-12);
	dvec_free(&d);
	CHECK(d.n == 0 && d.v == NULL);
}

/*
 * dayhist: few values spread over years are listed, not counted (no
 * counts array); from DAYHIST_LIST values on they are counted; merging a
 * listed one into a counted one and the other way round keeps the median
 * exact.
 */
static void
test_dayhist_modes(void)
{
	static double v[DAYHIST_LIST * 2 + 8];
	struct dayhist few = {0}, many = {0}, few2 = {0}, many2 = {0};
	size_t i, n = 0;

	for (i = 0; i < DAYHIST_LIST - 1; i++) {
		dayhist_add(&few, (int)(i * 7 % 4000));
		dayhist_add(&few2, (int)(i * 7 % 4000));
	}
	CHECK(few.count == NULL && few.big.n == DAYHIST_LIST - 1);
	for (i = 0; i < DAYHIST_LIST + 3; i++) {
		dayhist_add(&many, (int)(i % 90) - 5);
		dayhist_add(&many2, (int)(i % 90) - 5);
	}
	CHECK(many.count != NULL && many.len == 128);
	CHECK(many.big.n == 30); /* the negative ones, still listed */
	for (i = 0; i < DAYHIST_LIST - 1; i++)
		v[n++] = (double)(i * 7 % 4000);
	for (i = 0; i < DAYHIST_LIST + 3; i++)
		v[n++] = (double)((int)(i % 90) - 5);
	dayhist_merge(&few, &many);   /* listed <- counted */
	dayhist_merge(&many2, &few2); /* counted <- listed */
	CHECK(few.count != NULL && few.n == n && many2.n == n);
	CHECK_NEAR(dayhist_median(&few), stats_median(v, n), 0);
	CHECK_NEAR(dayhist_median(&many2), dayhist_median(&few), 0);
	dayhist_free(&few);
	dayhist_free(&many);
	dayhist_free(&few2);
	dayhist_free(&many2);
}

/*
 * dayhist: the median of random day counts (small ones, large ones past
 * DAYHIST_DENSE, negative ones, and merged from two halves), equal (==, not
 * near) to stats_median() of the same values.
 */
static void
test_dayhist(void)
{
	static double v[20001];
	unsigned long long r = 12345;
	int trial, ok = 1, okmerge = 1;
	size_t i;

	for (trial = 0; trial < 60; trial++) {
		struct dayhist h = {0}, a = {0}, b = {0};
		size_t n = 1 + (size_t)trial * 331 % 20001;
		int span = trial % 3 == 0 ? 40 : trial % 3 == 1 ? 9000 : 200000;
		int shift = trial % 4 == 3 ? span / 3 : 0; /* negative ones */
		double want, got, merged;

		for (i = 0; i < n; i++) {
			int d;

			r = r * 6364136223846793005ULL + 1442695040888963407ULL;
			d = (int)((r >> 33) % (unsigned)span) - shift;
			v[i] = d;
			dayhist_add(&h, d);
			dayhist_add(i % 2 ? &a : &b, d);
		}
		want = stats_median(v, n);
		got = dayhist_median(&h);
		dayhist_merge(&a, &b);
		merged = dayhist_median(&a);
		ok &= want == got;
		okmerge &= want == merged;
		dayhist_free(&h);
		dayhist_free(&a);
		dayhist_free(&b);
	}
	CHECK(ok);
	CHECK(okmerge);
	{
		struct dayhist h = {0};

		CHECK(isnan(dayhist_median(&h)));
		dayhist_add(&h, 5000);
		dayhist_add(&h, 0);
		CHECK_NEAR(dayhist_median(&h), 2500, 0);
		dayhist_add(&h, 1);
		CHECK_NEAR(dayhist_median(&h), 1, 0);
		dayhist_free(&h);
		CHECK(h.n == 0 && h.count == NULL);
	}
	test_dayhist_modes();
}

int
main(void)
{
	char cmd[300];

	if (mkdtemp(dir) == NULL)
		return 2;
	test_strmap();
	test_strmap_reserve();
	test_lazy_alloc();
	test_table();
	test_table_large();
	test_events();
	test_stats();
	test_dayhist();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 2;
	return check_exit();
}
