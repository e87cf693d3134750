/*
 * fuzz_date.c - libFuzzer harness for date and period parsing (date.h).
 *
 * The first input byte picks the date_parse() flags and a period unit;
 * the rest is the text.  Checked: a parsed date lies in years 1..9999
 * and survives date_to_ymd/date_from_ymd; a strict ISO date formats back
 * to its text and date_parse() agrees with date_parse_iso(); the date's
 * period contains it, its first and last days belong to it, its label
 * parses back to it; a parsed period label formats to a label that
 * parses to the same period.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz_util.h"

#define FIRST_DAY (-719162) /* 0001-01-01 */
#define LAST_DAY 2932896    /* 9999-12-31 */

static void
check_day(int day)
{
	int y, m, d, back;
	char buf[DATE_BUFSIZE];

	if (day < FIRST_DAY || day > LAST_DAY)
		fuzz_fail("a parsed date outside years 1..9999");
	date_to_ymd(day, &y, &m, &d);
	if (date_from_ymd(y, m, d, &back) != 0 || back != day)
		fuzz_fail("date_to_ymd and date_from_ymd disagree");
	date_format(day, buf);
	if (date_parse_iso(buf, strlen(buf), &back) != 0 || back != day)
		fuzz_fail("date_format does not parse back");
}

static void
check_period_of(int day, enum period_unit unit)
{
	int p = period_of(day, unit), first, last, back;
	char label[PERIOD_BUFSIZE];

	first = period_first_day(p, unit);
	last = period_last_day(p, unit);
	if (first > day || last < day)
		fuzz_fail("a period does not hold its day");
	if (period_of(first, unit) != p || period_of(last, unit) != p)
		fuzz_fail("first or last day outside its period");
	period_label(p, unit, label);
	if (unit != PERIOD_DAY || (day >= FIRST_DAY && day <= LAST_DAY)) {
		if (period_parse_label(label, unit, &back) != 0 || back != p)
			fuzz_fail("a period label does not parse back");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	char *copy;
	unsigned flags;
	enum period_unit unit;
	int day, iso, p, back;
	char label[PERIOD_BUFSIZE];

	if (size < 1)
		return 0;
	flags = data[0] & 3;
	unit = (enum period_unit)((data[0] >> 2) % 5);
	s = (const char *)data + 1;
	size--;

	iso = date_parse_iso(s, size, &day) == 0;
	if (iso) {
		char buf[DATE_BUFSIZE];
		int other;

		check_day(day);
		date_format(day, buf);
		if (size != 10 || memcmp(buf, s, 10) != 0)
			fuzz_fail("an ISO date does not format back to itself");
		if (date_parse(s, size, flags, &other) != 0 || other != day)
			fuzz_fail("date_parse disagrees with date_parse_iso");
	}
	if (date_parse(s, size, flags, &day) == 0) {
		check_day(day);
		check_period_of(day, unit);
	}

	copy = malloc(size + 1);
	memcpy(copy, s, size);
	copy[size] = '\0';
	if (period_parse_label(copy, unit, &p) == 0) {
		period_label(p, unit, label);
		if (period_parse_label(label, unit, &back) != 0 || back != p)
			fuzz_fail("a parsed period label does not round-trip");
		/* (the ISO week of 9999-12-31 ends in 10000: no range check) */
		if (period_of(period_first_day(p, unit), unit) != p ||
		    period_of(period_last_day(p, unit), unit) != p)
			fuzz_fail("a parsed period's days outside it");
	}
	free(copy);
	return 0;
}
