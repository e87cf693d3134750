/*
 * test_counters.c - the counters of rows, lines and bytes cannot wrap at
 * 2^31 (issue 9).  Counting past 2^31 rows in a test would take minutes,
 * so the test pins the types instead: each counter's type is checked at
 * compile time (a change to int or unsigned fails the build of this
 * test), and the widths at run time.
 */
#include <limits.h>
#include <stdio.h>

#include "check.h"
#include "csvread.h"
#include "event.h"
#include "import.h"
#include "input.h"
#include "tsv.h"

/* _Generic(e, T: 1, default: 0) is 1 when e has type T (not evaluated). */
_Static_assert(_Generic(input_lineno((const struct input *)0), long : 1,
                        default : 0),
               "input_lineno() returns long");
_Static_assert(_Generic(input_bytes((const struct input *)0),
                        unsigned long long : 1, default : 0),
               "input_bytes() returns unsigned long long");
_Static_assert(_Generic(tsv_lineno((const struct tsv_reader *)0), long : 1,
                        default : 0),
               "tsv_lineno() returns long");
_Static_assert(_Generic(csv_reader_line((const struct csv_reader *)0), long : 1,
                        default : 0),
               "csv_reader_line() returns long");
_Static_assert(_Generic(event_reader_count((const struct event_reader *)0),
                        unsigned long long : 1, default : 0),
               "event_reader_count() returns unsigned long long");
_Static_assert(_Generic(event_reader_bytes((const struct event_reader *)0),
                        unsigned long long : 1, default : 0),
               "event_reader_bytes() returns unsigned long long");
_Static_assert(_Generic(((struct import_counts *)0)->rows,
                        unsigned long long : 1, default : 0),
               "import_counts.rows is unsigned long long");
_Static_assert(_Generic(((struct import_counts *)0)->rejected,
                        unsigned long long : 1, default : 0),
               "import_counts.rejected is unsigned long long");
_Static_assert(_Generic(((struct import_counts *)0)->written,
                        unsigned long long : 1, default : 0),
               "import_counts.written is unsigned long long");

int
main(void)
{
	struct import_counts c = {0, 0, 0, 0};
	char buf[64];

	/* line numbers are long: 64 bits on the LP64 systems rmkit targets */
	CHECK(LONG_MAX >= 9223372036854775807L);
	/* a count past 2^32 is kept and printed whole */
	c.rows = (unsigned long long)UINT_MAX + 2;
	c.rejected = c.rows - 1;
	CHECK(c.rows - c.rejected == 1);
	(void)snprintf(buf, sizeof(buf), "%llu of %llu", c.rejected, c.rows);
	CHECK_STR(buf, "4294967296 of 4294967297");
	return check_exit();
}
