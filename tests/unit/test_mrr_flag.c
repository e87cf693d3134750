/*
 * test_mrr_flag.c - the flag "above 0 at some moment within the month"
 * with more than a million changes, some of them arriving late for a day
 * of a month whose other changes came long before.
 *
 * Regression test: until the state kept each month's days, a log of over
 * 1048576 changes was compacted while reading to one entry per
 * subscription and month, and a later change for an earlier day of that
 * month was taken as that day's final value (x and w below were counted
 * as joined and left within March).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "mrr.h"

#define FILLER 1200000 /* changes of another subscription, in between */

static int
day(const char *s)
{
	int d = 0;

	date_parse_iso(s, strlen(s), &d);
	return d;
}

static void
add(struct mrr_state *s, const char *acc, const char *date, double v)
{
	mrr_add(s, acc, strlen(acc), "s", 1, day(date), v);
}

/* March's active flag and end of account acc (months 2024-02 .. 04). */
static void
march(struct mrr_state *s, const char *acc, int *active, long long *end)
{
	int64_t e[3] = {0, 0, 0};
	unsigned char a[3] = {0, 0, 0};
	struct mrr_view v = {e, a, 0, 0, 0};
	int first = 0;

	period_parse_label("2024-02", PERIOD_MONTH, &first);
	mrr_view(s, (size_t)mrr_find_account(s, acc, strlen(acc)), PERIOD_MONTH,
	         first, 3, &v);
	*active = a[1];
	*end = (long long)e[1];
}

static void
test_late_same_day(void)
{
	struct mrr_state *s = mrr_new();
	int i, active;
	long long end;
	char date[16];

	/* x: day 5 ends at 0 (100 then 0), 0 on day 20; late: 50 on day 5 */
	add(s, "x", "2024-03-05", 100);
	add(s, "x", "2024-03-05", 0);
	add(s, "x", "2024-03-20", 0);
	/* y: day 5 100, day 20 0; late: 50 on day 5 (day 5 ends at 50) */
	add(s, "y", "2024-03-05", 100);
	add(s, "y", "2024-03-20", 0);
	/* w: 0 on days 5 and 20; late: 100 on day 5 */
	add(s, "w", "2024-03-05", 0);
	add(s, "w", "2024-03-20", 0);
	/* v: 100 on day 10; late: 0 on day 25 and 0 on day 10 */
	add(s, "v", "2024-03-10", 100);
	for (i = 0; i < FILLER; i++) {
		snprintf(date, sizeof(date), "2024-%02d-%02d", 1 + i % 6,
		         1 + i / 6 % 28);
		add(s, "f", date, 10 + i % 7);
	}
	add(s, "x", "2024-03-05", 50);
	add(s, "y", "2024-03-05", 50);
	add(s, "w", "2024-03-05", 100);
	add(s, "v", "2024-03-25", 0);
	add(s, "v", "2024-03-10", 0);
	mrr_finish(s);

	march(s, "x", &active, &end);
	CHECK_INT(end, 0);
	CHECK_INT(active, 0);
	march(s, "y", &active, &end);
	CHECK_INT(end, 0);
	CHECK_INT(active, 1);
	march(s, "w", &active, &end);
	CHECK_INT(end, 0);
	CHECK_INT(active, 0);
	march(s, "v", &active, &end);
	CHECK_INT(end, 0);
	CHECK_INT(active, 0);
	march(s, "f", &active, &end);
	CHECK_INT(end, 1300); /* its changes on March 28 are all 13 */
	CHECK_INT(active, 1);
	mrr_free(s);
}

int
main(void)
{
	test_late_same_day();
	return check_exit();
}
