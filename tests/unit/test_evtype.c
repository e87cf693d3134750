/*
 * test_evtype.c - event_type_parse() finds every name of the vocabulary
 * and nothing else (near misses: one byte changed, one byte short, one
 * byte more, another case).
 */
#include <string.h>

#include "check.h"
#include "event.h"

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
	return check_exit();
}
