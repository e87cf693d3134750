/*
 * test_report_read.c - report_read(): the report of a file read in parts
 * (one thread per part) is the report of the file read by one thread,
 * byte for byte; a file grouped by account is read in parts, one that
 * is not grouped, or that holds a row the reader refuses, is read the
 * usual way.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scratch.h"
#include "date.h"
#include "event.h"
#include "kpi.h"
#include "render.h"
#include "report_read.h"
#include "table.h"
#include "xalloc.h"

/* One account's events, of most types, with refs that pair up. */
static void
put_account(FILE *f, int a)
{
	int m;

	for (m = 1; m <= 12; m++) {
		fprintf(f, "A%03d\t2024-%02d-03\tmrr\t%d\ts%d\t\n", a, m,
		        a % 7 == 0 && m > 6 ? 0 : 100 + a * m % 37, a % 2);
		fprintf(f, "A%03d\t2024-%02d-05\ttouch\t\t\t%s\n", a, m,
		        m % 3 ? "call" : "qbr");
		fprintf(f, "A%03d\t2024-%02d-07\tticket\t%d\tT%d\t\n", a, m,
		        m % 4 + 1, m);
		if ((a + m) % 3)
			fprintf(f, "A%03d\t2024-%02d-%02d\tticket_closed\t\tT%d\t\n",
			        a, m, 8 + (a + m) % 20, m);
		fprintf(f, "A%03d\t2024-%02d-10\tinvoice\t%d.25\tI%d\t\n", a,
		        m, 50 + a % 9, m);
		if ((a * m) % 5)
			fprintf(f, "A%03d\t2024-%02d-%02d\tpayment\t%d.25\tI%d\t\n",
			        a, m, 10 + (a * m) % 15, 50 + a % 9, m);
		fprintf(f, "A%03d\t2024-%02d-12\tnps\t%d\t\t\n", a, m,
		        (a + m) % 11);
	}
	fprintf(f, "A%03d\t2024-02-01\topportunity\t%d\tO1\tnew\n", a, a * 10);
	fprintf(f, "A%03d\t2024-04-01\t%s\t%d\tO1\t\n", a,
	        a % 3 ? "won" : "lost", a * 10);
}

/*
 * Write the events of naccounts accounts to name: grouped by account
 * (order 0), or round robin (order 1, not grouped), with extra (a row)
 * after the first half when not NULL.
 */
static void
write_events(const char *name, int naccounts, int order, const char *extra)
{
	FILE *f = fopen(scratch_path(name), "w"), *tmp;
	char *buf = NULL, **lines = NULL, *line, *save = NULL;
	size_t len = 0, n = 0, cap = 0, i;
	int a;

	fputs("account\tdate\ttype\tvalue\tref\tkind\n", f);
	tmp = open_memstream(&buf, &len);
	for (a = 0; a < naccounts; a++)
		put_account(tmp, a);
	fclose(tmp);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		lines[n++] = line;
	}
	if (order == 0) {
		size_t at = n / 2; /* the extra row after an account's last */

		while (at + 1 < n && memcmp(lines[at], lines[at + 1], 4) == 0)
			at++;
		for (i = 0; i < n; i++)
			fprintf(f, "%s\n%s", lines[i],
			        extra && i == at ? extra : "");
	} else {
		size_t per = n / (size_t)naccounts, k;

		for (k = 0; k < per; k++)
			for (a = 0; a < naccounts; a++)
				fprintf(f, "%s\n", lines[(size_t)a * per + k]);
	}
	fclose(f);
	free(lines);
	free(buf);
}

/* The report of file name (TSV, long) read with nparts; *split as given. */
static char *
report_of(const char *name, struct table *t, int nparts, int *split)
{
	char *paths[1] = {scratch_path(name)}, *out = NULL, *by[1] = {"owner"};
	struct kpi_options o = {0};
	struct event_reader *er = event_reader_open(paths, 1);
	struct kpi_state **states;
	struct report *r;
	size_t len = 0;
	FILE *f;
	int n;

	o.unit = PERIOD_MONTH;
	o.as_of = INT_MIN;
	o.nperiods = 6;
	o.untouched_days = 30;
	o.band_cut_high = 75;
	o.band_cut_low = 50;
	o.band_order = "green,amber,red";
	o.by = t ? by : NULL;
	o.nby = t ? 1 : 0;
	states = report_read(kpi_new(&o, t), er, PROGRESS_OFF, nparts, 1, &n,
	                     split);
	r = kpi_finish_many(states, n, event_reader_max_day(er));
	free(states);
	f = open_memstream(&out, &len);
	render_tsv_long(f, r);
	fclose(f);
	report_free(r);
	event_reader_close(er);
	return out;
}

/*
 * Write name: naccounts accounts with per events each, in date order
 * (each day every account once; by_account 0) or grouped by account.
 */
static void
write_days(const char *name, int naccounts, int per, int by_account)
{
	FILE *f = fopen(scratch_path(name), "w");
	int i, j, outer = by_account ? naccounts : per;
	int inner = by_account ? per : naccounts;

	fputs("account\tdate\ttype\tvalue\tref\tkind\n", f);
	for (i = 0; i < outer; i++)
		for (j = 0; j < inner; j++) {
			int account = by_account ? i : j, day = by_account ? j : i;

			fprintf(f, "A%05d\t2024-01-%02d\tnps\t9\t\t\n", account,
			        1 + day);
		}
	fclose(f);
}

/* report_may_be_grouped() of file name. */
static int
probe(const char *name)
{
	char *paths[1] = {scratch_path(name)};
	struct event_reader *er = event_reader_open(paths, 1);
	int grouped = report_may_be_grouped(er);

	event_reader_close(er);
	return grouped;
}

/*
 * The probe: a file in date order whose accounts come back only after
 * the 4096 events it reads is not worth cutting; grouped files with two
 * events per account or more are; so are files too short to tell.
 */
static void
test_probe(void)
{
	write_days("days.tsv", 5000, 3, 0);
	CHECK(probe("days.tsv") == 0);
	write_days("byaccount.tsv", 2500, 3, 1);
	CHECK(probe("byaccount.tsv") == 1);
	write_days("pairs.tsv", 4000, 2, 1);
	CHECK(probe("pairs.tsv") == 1);
	write_days("single.tsv", 12000, 1, 1); /* one event each */
	CHECK(probe("single.tsv") == 0);
	write_days("short.tsv", 3000, 2, 0); /* back within the probe */
	CHECK(probe("short.tsv") == 0);
	write_days("small.tsv", 1000, 1, 0); /* too few to tell */
	CHECK(probe("small.tsv") == 1);
}

/* Whether name's report is the same for 2, 3 and 7 parts as for one. */
static int
same_reports(const char *name, struct table *t, int want_split)
{
	int split, nparts, ok = 1;
	char *one = report_of(name, t, 1, &split), *many;

	ok &= split == 0 && strlen(one) > 1000;
	for (nparts = 2; nparts <= 7; nparts += nparts == 3 ? 4 : 1) {
		many = report_of(name, t, nparts, &split);
		ok &= strcmp(one, many) == 0 && split == want_split;
		free(many);
	}
	free(one);
	return ok;
}

int
main(void)
{
	struct table *t;
	FILE *f;
	int a;

	if (scratch_open("report-read") != 0)
		return 2;
	setenv("RMKIT_SPLIT_BYTES", "1", 1);
	write_events("grouped.tsv", 60, 0, NULL);
	write_events("roundrobin.tsv", 60, 1, NULL);
	CHECK(same_reports("grouped.tsv", NULL, 1));
	CHECK(same_reports("roundrobin.tsv", NULL, 0));
	/* an account table, grouped by owner */
	f = fopen(scratch_path("accounts.tsv"), "w");
	fputs("account\towner\tstart\thealth\tband\n", f);
	for (a = 0; a < 50; a++)
		fprintf(f, "A%03d\tO%d\t2023-%02d-01\t%d\t%s\n", a, a % 4,
		        a % 12 + 1, a * 2, a % 3 ? "green" : "red");
	fclose(f);
	t = table_new("account");
	table_read(t, scratch_path("accounts.tsv"));
	CHECK(same_reports("grouped.tsv", t, 1));
	CHECK(same_reports("roundrobin.tsv", t, 0));
	table_free(t);
	/* rows the parts refuse: read the usual way (which reports them) */
	write_events("unknown.tsv", 60, 0, "A999\t2024-01-01\tmeeting\t\t\t\n");
	CHECK(same_reports("unknown.tsv", NULL, 0));
	/* grouped in each part, not in the whole file: A000 comes back */
	write_events("back.tsv", 60, 0,
	             "A000\t2024-03-03\tnps\t9\t\t\nA000\t2024-03-04\tnps\t9\t\t\n");
	CHECK(same_reports("back.tsv", NULL, 0));
	test_probe();
	if (scratch_remove() != 0)
		return 2;
	return check_exit();
}
