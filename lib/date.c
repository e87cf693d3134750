/*
 * date.c - calendar dates as day numbers, parsing, formatting, periods.
 *
 * The day-number conversions are the well-known era-based civil calendar
 * algorithms (400-year eras of 146097 days).
 */
#include <stdio.h>
#include <string.h>

#include "date.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/*
 * The day number of y-m-d, for a date known to exist in years 1..9999
 * (the arithmetic also holds later, e.g. for 10000-01-01).
 */
static int
day_number(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400; /* y >= 0 here */
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
date_from_ymd(int y, int m, int d, int *day)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	*day = day_number(y, m, d);
	return 0;
}

void
date_to_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Read exactly n digits at s into *v. */
static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
date_parse_iso(const char *s, size_t len, int *day)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	return date_from_ymd(y, m, d, day);
}

/* Read 1 or 2 digits; returns the count read or 0. */
static size_t
small_number(const char *s, size_t len, int *v)
{
	size_t n = 0;

	*v = 0;
	while (n < len && n < 2 && s[n] >= '0' && s[n] <= '9')
		*v = *v * 10 + (s[n++] - '0');
	if (n < len && s[n] >= '0' && s[n] <= '9')
		return 0;
	return n;
}

/*
 * Is the rest after a date acceptable: nothing, or a time part after 'T'
 * or a space that starts with a digit?
 */
static int
time_tail_ok(const char *s, size_t len)
{
	if (len == 0)
		return 1;
	if (s[0] != 'T' && s[0] != ' ')
		return 0;
	return len >= 2 && s[1] >= '0' && s[1] <= '9';
}

static int
parse_year_first(const char *s, size_t len, int *day)
{
	int y, m, d;
	char sep = s[4];

	if (len < 10 || (sep != '-' && sep != '/') || s[7] != sep)
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (!time_tail_ok(s + 10, len - 10))
		return -1;
	return date_from_ymd(y, m, d, day);
}

/* n/n/YYYY or n.n.YYYY: first and second small numbers, then the year. */
static int
parse_year_last(const char *s, size_t len, unsigned flags, int *day)
{
	int a, b, y;
	size_t i, n;
	char sep;

	if ((n = small_number(s, len, &a)) == 0 || n == len)
		return -1;
	sep = s[n];
	if (sep != '/' && sep != '.' && sep != '-')
		return -1;
	i = n + 1;
	if ((n = small_number(s + i, len - i, &b)) == 0)
		return -1;
	i += n;
	if (i + 5 > len || s[i] != sep || digits(s + i + 1, 4, &y))
		return -1;
	i += 5;
	if (!time_tail_ok(s + i, len - i) || (i < len && s[i] == 'T'))
		return -1;
	if (sep == '.' || sep == '-' || (flags & DATE_DMY))
		return date_from_ymd(y, b, a, day);
	return date_from_ymd(y, a, b, day);
}

static int
parse_excel(const char *s, size_t len, int *day)
{
	long serial = 0;
	size_t i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		serial = serial * 10 + (s[i] - '0');
		if (serial > 2958465) /* 9999-12-31 */
			return -1;
	}
	if (i == 0)
		return -1;
	if (i < len) { /* a fraction of a day: digits only after the point */
		if (s[i] != '.' || i + 1 == len)
			return -1;
		for (i++; i < len; i++)
			if (s[i] < '0' || s[i] > '9')
				return -1;
	}
	if (serial < 1 || serial == 60)
		return -1;
	/* 25569 is 1970-01-01; serials after the fictitious 1900-02-29 */
	*day = (int)(serial > 60 ? serial - 25569 : serial - 25568);
	return 0;
}

int
date_parse(const char *s, size_t len, unsigned flags, int *day)
{
	size_t i;
	int y;

	if (len >= 10 && (s[4] == '-' || s[4] == '/') &&
	    parse_year_first(s, len, day) == 0)
		return 0;
	if (len == 8 && digits(s, 8, &y) == 0) {
		if (date_from_ymd(y / 10000, y / 100 % 100, y % 100, day) == 0)
			return 0;
	}
	for (i = 0; i < len && i < 3; i++)
		if (s[i] == '/' || s[i] == '.' || s[i] == '-')
			return parse_year_last(s, len, flags, day);
	if ((flags & DATE_EXCEL) && parse_excel(s, len, day) == 0)
		return 0;
	return -1;
}

void
date_format(int day, char *buf)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	y = y < 0 ? 0 : y % 10000;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

static const char *const unit_names[] = {"day", "week", "month", "quarter",
					 "year"};

int
period_parse_unit(const char *name, enum period_unit *unit)
{
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(name, unit_names[i]) == 0) {
			*unit = (enum period_unit)i;
			return 0;
		}
	return -1;
}

const char *
period_unit_name(enum period_unit unit)
{
	return unit_names[unit];
}

/* Floor division for possibly negative a. */
static int
floor_div(int a, int b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int
period_of(int day, enum period_unit unit)
{
	int y, m, d;

	switch (unit) {
	case PERIOD_DAY:
		return day;
	case PERIOD_WEEK: /* 1970-01-01 was a Thursday: week 0 began 12-29 */
		return floor_div(day + 3, 7);
	default:
		break;
	}
	date_to_ymd(day, &y, &m, &d);
	if (unit == PERIOD_MONTH)
		return y * 12 + (m - 1);
	if (unit == PERIOD_QUARTER)
		return y * 4 + (m - 1) / 3;
	return y;
}

int
period_first_day(int p, enum period_unit unit)
{
	int day = 0;

	switch (unit) {
	case PERIOD_DAY:
		return p;
	case PERIOD_WEEK:
		return p * 7 - 3;
	/*
	 * day_number(), not date_from_ymd(): period_last_day() of the last
	 * month, quarter or year of 9999 asks for 10000-01-01.
	 */
	case PERIOD_MONTH:
		day = day_number(p / 12, p % 12 + 1, 1);
		break;
	case PERIOD_QUARTER:
		day = day_number(p / 4, p % 4 * 3 + 1, 1);
		break;
	case PERIOD_YEAR:
		day = day_number(p, 1, 1);
		break;
	}
	return day;
}

int
period_last_day(int p, enum period_unit unit)
{
	return period_first_day(p + 1, unit) - 1;
}

/* ISO week-numbering year and week of the week starting on monday. */
static void
iso_week(int monday, int *year, int *week)
{
	int thursday = monday + 3, y, m, d, jan1;

	date_to_ymd(thursday, &y, &m, &d);
	jan1 = day_number(y, 1, 1);
	*year = y;
	*week = (thursday - jan1) / 7 + 1;
}

void
period_label(int p, enum period_unit unit, char *buf)
{
	int y, w;

	/* (void): any label (an int, 4 more bytes) fits PERIOD_BUFSIZE */
	switch (unit) {
	case PERIOD_DAY:
		date_format(p, buf);
		break;
	case PERIOD_WEEK:
		iso_week(period_first_day(p, unit), &y, &w);
		(void)snprintf(buf, PERIOD_BUFSIZE, "%04d-W%02d", y, w);
		break;
	case PERIOD_MONTH:
		(void)snprintf(buf, PERIOD_BUFSIZE, "%04d-%02d", p / 12,
		               p % 12 + 1);
		break;
	case PERIOD_QUARTER:
		(void)snprintf(buf, PERIOD_BUFSIZE, "%04d-Q%d", p / 4,
		               p % 4 + 1);
		break;
	case PERIOD_YEAR:
		(void)snprintf(buf, PERIOD_BUFSIZE, "%04d", p);
		break;
	}
}

int
period_parse_label(const char *s, enum period_unit unit, int *p)
{
	size_t len = strlen(s);
	int y, n, day;

	if (date_parse_iso(s, len, &day) == 0) {
		*p = period_of(day, unit);
		return 0;
	}
	if (len < 4 || digits(s, 4, &y) || y < 1)
		return -1;
	switch (unit) {
	case PERIOD_YEAR:
		if (len != 4)
			return -1;
		*p = y;
		return 0;
	case PERIOD_MONTH:
		if (len != 7 || s[4] != '-' || digits(s + 5, 2, &n) || n < 1 ||
		    n > 12)
			return -1;
		*p = y * 12 + n - 1;
		return 0;
	case PERIOD_QUARTER:
		if (len != 7 || s[4] != '-' || s[5] != 'Q' ||
		    digits(s + 6, 1, &n) || n < 1 || n > 4)
			return -1;
		*p = y * 4 + n - 1;
		return 0;
	case PERIOD_WEEK:
		if (len != 8 || s[4] != '-' || s[5] != 'W' ||
		    digits(s + 6, 2, &n) || n < 1 || n > 53)
			return -1;
		/* the week holding January 4th is week 1 */
		if (date_from_ymd(y, 1, 4, &day) != 0)
			return -1;
		*p = period_of(day, PERIOD_WEEK) + n - 1;
		{
			int yy, ww;

			iso_week(period_first_day(*p, unit), &yy, &ww);
			if (yy != y)
				return -1;
		}
		return 0;
	case PERIOD_DAY:
		return -1;
	}
	return -1;
}
