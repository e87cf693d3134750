/*
 * test_evtype.c - the event reader's fast paths: event_type_parse() finds
 * every name of the vocabulary and nothing else (near misses: one byte
 * changed, one byte short, one byte more, another case); dates read by
 * the reader (month cache) agree with date_parse_iso() on valid and
 * invalid dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "date.h"
#include "event.h"

/* The dates of a stream against date_parse_iso(), one by one. */
static void
test_dates(void)
{
	static const char *const bad[] = {
	    "2023-02-29", "2024-13-01",  "2024-00-10", "0000-01-01",
	    "2024-01-1a", "2024-04-31",  "2024-01-00", " 024-01-01",
	    "2024/01/01", "2024-01-001", "2024-1-01",  "2100-02-29"};
	char path[] = "/tmp/rmkit-evtype.XXXXXX", date[16];
	char *argv[1];
	unsigned long seed = 3;
	struct event_reader *r;
	struct event ev;
	int fd = mkstemp(path), i, n = 0, day, mismatch = 0, want[3000];
	FILE *f = fdopen(fd, "w");

	fprintf(f, "account\tdate\ttype\n");
	for (i = 0; i < 3000; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		/* many years and months, so cache entries are replaced */
		snprintf(date, sizeof(date), "%04d-%02d-%02d",
		         i % 3 == 0 ? 1 + (int)(seed >> 33) % 9999
		                    : 1996 + (int)(seed >> 33) % 8,
		         1 + (int)(seed >> 45) % 12,
		         1 + (int)(seed >> 52) % 31);
		if (date_parse_iso(date, 10, &day) != 0)
			continue;
		want[n++] = day;
		fprintf(f, "a\t%s\ttouch\n", date);
	}
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
		fprintf(f, "a\t%s\ttouch\n", bad[i]);
	fclose(f);
	argv[0] = path;
	r = event_reader_open(argv, 1);
	for (i = 0; event_next(r, &ev); i++)
		if (i >= n || ev.day != want[i])
			mismatch++;
	CHECK_INT(mismatch, 0);
	CHECK_INT(i, n);
	CHECK(n > 2000);
	CHECK_INT((long)event_reader_close(r),
	          (long)(sizeof(bad) / sizeof(bad[0])));
	unlink(path);
}

int
main(void)
{
	int t, bad = 0;
	char b[40];

	for (t = 0; t < EV_NTYPES; t++) {
		const char *name = event_type_name((enum event_type)t);
		size_t len = strlen(name), i;

		if (event_type_parse(name, len) != t)
			bad++;
		if (event_type_parse(name, len - 1) != -1)
			bad++;
		memcpy(b, name, len);
		b[len] = 's';
		if (event_type_parse(b, len + 1) != -1)
			bad++;
		for (i = 0; i < len; i++) {
			memcpy(b, name, len);
			b[i] = (char)(b[i] ^ 0x20); /* "Mrr", "mRr", ... */
			if (event_type_parse(b, len) != -1)
				bad++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK(event_type_parse("", 0) == -1);
	CHECK(event_type_parse("x", 1) == -1);
	CHECK(event_type_parse("ticket\0closed", 13) == -1);
	test_dates();
	return check_exit();
}
