/*
 * date.h - calendar dates as day numbers, parsing, formatting, periods.
 *
 * A date is an int: the number of days since 1970-01-01 (negative before
 * it), proleptic Gregorian calendar, years 1..9999.  Differences of day
 * numbers are differences in days.
 */
#ifndef RMKIT_DATE_H
#define RMKIT_DATE_H

#include <stddef.h>

#define DATE_BUFSIZE 11	  /* "YYYY-MM-DD" and NUL */
#define PERIOD_BUFSIZE 32 /* room for any period label */

/* Flags for date_parse(). */
enum {
	DATE_DMY = 1,	/* n/n/YYYY is day/month/year (default month/day) */
	DATE_EXCEL = 2	/* accept Excel serial numbers (1900 system) */
};

/* Units of time for grouping dates. */
enum period_unit {
	PERIOD_DAY,
	PERIOD_WEEK,	/* ISO weeks, Monday to Sunday */
	PERIOD_MONTH,
	PERIOD_QUARTER,
	PERIOD_YEAR
};

/*
 * Store the day number of y-m-d in *day.  Returns 0, or -1 when the date
 * does not exist (2025-02-30) or the year is outside 1..9999.
 */
int date_from_ymd(int y, int m, int d, int *day);

/* Split a day number into year, month (1-12) and day of month. */
void date_to_ymd(int day, int *y, int *m, int *d);

/*
 * Parse exactly "YYYY-MM-DD" (the record format).  Returns 0 and sets
 * *day, or -1.
 */
int date_parse_iso(const char *s, size_t len, int *day);

/*
 * Parse the date formats found in exports: YYYY-MM-DD, YYYY/MM/DD, an ISO
 * date-time (YYYY-MM-DDTHH:MM[:SS...] or with a space; the date part is
 * kept), YYYYMMDD, M/D/YYYY (D/M/YYYY with DATE_DMY), D.M.YYYY, each
 * optionally followed by a time after a space, and with DATE_EXCEL an
 * Excel serial number (1 = 1900-01-01, the fictitious 1900-02-29 refused,
 * a fraction of a day ignored).  Two-digit years are refused.  Returns 0
 * and sets *day, or -1.
 */
int date_parse(const char *s, size_t len, unsigned flags, int *day);

/* Write day as "YYYY-MM-DD" into buf (DATE_BUFSIZE bytes). */
void date_format(int day, char *buf);

/*
 * Parse a unit name: "day", "week", "month", "quarter", "year".  Returns 0
 * and sets *unit, or -1.
 */
int period_parse_unit(const char *name, enum period_unit *unit);

/* The unit's name as accepted by period_parse_unit(). */
const char *period_unit_name(enum period_unit unit);

/*
 * The period holding day, as a serial number: consecutive periods have
 * consecutive numbers, so the difference of two is the number of periods
 * between them.
 */
int period_of(int day, enum period_unit unit);

/* First and last day of period p. */
int period_first_day(int p, enum period_unit unit);
int period_last_day(int p, enum period_unit unit);

/*
 * Write the label of period p into buf (PERIOD_BUFSIZE bytes): 2024-03-05
 * (day), 2024-W05 (ISO week), 2024-03 (month), 2024-Q1 (quarter), 2024
 * (year).
 */
void period_label(int p, enum period_unit unit, char *buf);

/*
 * Parse a label as written by period_label() (a date is also accepted
 * and means its period).  Returns 0 and sets *p, or -1.
 */
int period_parse_label(const char *s, enum period_unit unit, int *p);

#endif
