/*
 * test_date.c - day numbers, parsing and periods.
 */
#include <string.h>

#include "check.h"
#include "date.h"

static int
parse(const char *s, unsigned flags)
{
	int day = -999999;

	if (date_parse(s, strlen(s), flags, &day) != 0)
		return -999999;
	return day;
}

static const char *
fmt(int day)
{
	static char buf[DATE_BUFSIZE];

	date_format(day, buf);
	return buf;
}

static void
test_day_numbers(void)
{
	int day, y, m, d, i, ok = 1;

	CHECK(date_from_ymd(1970, 1, 1, &day) == 0 && day == 0);
	CHECK(date_from_ymd(2000, 3, 1, &day) == 0 && day == 11017);
	CHECK(date_from_ymd(1969, 12, 31, &day) == 0 && day == -1);
	CHECK(date_from_ymd(2024, 2, 29, &day) == 0);
	CHECK(date_from_ymd(2025, 2, 29, &day) != 0);
	CHECK(date_from_ymd(1900, 2, 29, &day) != 0);
	CHECK(date_from_ymd(2000, 2, 29, &day) == 0);
	CHECK(date_from_ymd(2025, 4, 31, &day) != 0);
	CHECK(date_from_ymd(2025, 13, 1, &day) != 0);
	CHECK(date_from_ymd(0, 1, 1, &day) != 0);
	/* every day from 1600 to 2400 round-trips */
	date_from_ymd(1600, 1, 1, &day);
	for (i = day; i < day + 292000; i++) {
		int back;

		date_to_ymd(i, &y, &m, &d);
		if (date_from_ymd(y, m, d, &back) != 0 || back != i)
			ok = 0;
	}
	CHECK(ok);
}

static void
test_parse(void)
{
	CHECK_STR(fmt(parse("2024-03-05", 0)), "2024-03-05");
	CHECK_STR(fmt(parse("2024/03/05", 0)), "2024-03-05");
	CHECK_STR(fmt(parse("2024-03-05T13:45:00Z", 0)), "2024-03-05");
	CHECK_STR(fmt(parse("2010-12-01 08:26:00", 0)), "2010-12-01");
	CHECK_STR(fmt(parse("19970101", 0)), "1997-01-01");
	CHECK_STR(fmt(parse("3/5/2024", 0)), "2024-03-05");
	CHECK_STR(fmt(parse("3/5/2024", DATE_DMY)), "2024-05-03");
	CHECK_STR(fmt(parse("12/31/2013 0:00", 0)), "2013-12-31");
	CHECK_STR(fmt(parse("5.3.2024", 0)), "2024-03-05");
	CHECK_STR(fmt(parse("25569", DATE_EXCEL)), "1970-01-01");
	CHECK_STR(fmt(parse("45000.75", DATE_EXCEL)), "2023-03-15");
	CHECK_STR(fmt(parse("59", DATE_EXCEL)), "1900-02-28");
	CHECK_STR(fmt(parse("61", DATE_EXCEL)), "1900-03-01");
	CHECK(parse("60", DATE_EXCEL) == -999999);
	CHECK(parse("45000", 0) == -999999);
	CHECK(parse("2025-02-30", 0) == -999999);
	CHECK(parse("13/13/2024", 0) == -999999);
	CHECK(parse("3/5/24", 0) == -999999);
	CHECK(parse("2024-3-5", 0) == -999999);
	CHECK(parse("2024-03-05x", 0) == -999999);
	CHECK(parse("", 0) == -999999);
	CHECK(parse("yesterday", 0) == -999999);
	CHECK(date_parse_iso("2024-03-05 ", 11, &(int){0}) != 0);
}

static void
test_periods(void)
{
	char buf[PERIOD_BUFSIZE];
	int day, p;

	date_from_ymd(2024, 3, 5, &day);
	p = period_of(day, PERIOD_MONTH);
	period_label(p, PERIOD_MONTH, buf);
	CHECK_STR(buf, "2024-03");
	CHECK_STR(fmt(period_first_day(p, PERIOD_MONTH)), "2024-03-01");
	CHECK_STR(fmt(period_last_day(p, PERIOD_MONTH)), "2024-03-31");
	CHECK(period_of(period_last_day(p, PERIOD_MONTH) + 1, PERIOD_MONTH) ==
	      p + 1);
	p = period_of(day, PERIOD_QUARTER);
	period_label(p, PERIOD_QUARTER, buf);
	CHECK_STR(buf, "2024-Q1");
	CHECK_STR(fmt(period_last_day(p, PERIOD_QUARTER)), "2024-03-31");
	p = period_of(day, PERIOD_YEAR);
	period_label(p, PERIOD_YEAR, buf);
	CHECK_STR(buf, "2024");
	p = period_of(day, PERIOD_WEEK);
	period_label(p, PERIOD_WEEK, buf);
	CHECK_STR(buf, "2024-W10");
	CHECK_STR(fmt(period_first_day(p, PERIOD_WEEK)), "2024-03-04");
	date_from_ymd(2021, 1, 3, &day); /* ISO week 53 of 2020 */
	period_label(period_of(day, PERIOD_WEEK), PERIOD_WEEK, buf);
	CHECK_STR(buf, "2020-W53");
	CHECK(period_parse_label("2020-W53", PERIOD_WEEK, &p) == 0 &&
	      p == period_of(day, PERIOD_WEEK));
	CHECK(period_parse_label("2021-W53", PERIOD_WEEK, &p) != 0);
	CHECK(period_parse_label("2024-Q2", PERIOD_QUARTER, &p) == 0 &&
	      p == 2024 * 4 + 1);
	CHECK(period_parse_label("2024-13", PERIOD_MONTH, &p) != 0);
	CHECK(period_parse_label("2024-03-31", PERIOD_MONTH, &p) == 0 &&
	      p == 2024 * 12 + 2);
	/* weeks before 1970 */
	date_from_ymd(1969, 12, 28, &day);
	CHECK(period_of(day, PERIOD_WEEK) == -1);
	CHECK(period_of(day + 1, PERIOD_WEEK) == 0);
}

int
main(void)
{
	test_day_numbers();
	test_parse();
	test_periods();
	return check_exit();
}
