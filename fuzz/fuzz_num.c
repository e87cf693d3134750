/*
 * fuzz_num.c - libFuzzer harness for number parsing and formatting
 * (num.h).
 *
 * The first input byte picks the loose style and a number of decimals;
 * the rest is the text.  Checked: num_parse() accepts exactly the plain
 * decimals of its contract (checked against a separate grammar test)
 * and gives strtod()'s correctly rounded value; num_format_shortest()
 * reads back as the same double; num_format() never writes "-0";
 * num_parse_loose() gives a finite value and agrees with num_parse() on
 * plain decimals without exponent.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "num.h"

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The strict grammar, written out separately: [+-] d* [. d*] [e [+-] d+]. */
static int
plain_decimal(const char *s, size_t len, int *has_exp)
{
	size_t i = 0, nd = 0;

	*has_exp = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && digit(s[i]))
		i++, nd++;
	if (i < len && s[i] == '.')
		for (i++; i < len && digit(s[i]); i++)
			nd++;
	if (nd == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ne = 0;

		*has_exp = 1;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && digit(s[i]))
			i++, ne++;
		if (ne == 0)
			return 0;
	}
	return i == len;
}

static void
check_format(double v, int decimals)
{
	char buf[512];
	double back;

	num_format_shortest(buf, sizeof(buf), v);
	if (num_parse(buf, strlen(buf), &back) != 0 || back != v)
		fuzz_fail("num_format_shortest does not read back");
	num_format(buf, sizeof(buf), v, decimals);
	if (buf[0] == '-') {
		const char *p;

		for (p = buf + 1; *p == '0' || *p == '.'; p++)
			;
		if (*p == '\0')
			fuzz_fail("num_format wrote a negative zero");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct num_style style;
	const char *s;
	char *copy, *end;
	double v, ref, loose;
	int ok, plain, has_exp, decimals;

	if (size < 1)
		return 0;
	style.decimal = (data[0] & 1) ? ',' : '.';
	style.percent = (data[0] >> 1) & 1;
	decimals = (data[0] >> 2) & 7;
	s = (const char *)data + 1;
	size--;
	copy = malloc(size + 1);
	memcpy(copy, s, size);
	copy[size] = '\0';

	ok = num_parse(s, size, &v) == 0;
	plain = plain_decimal(s, size, &has_exp);
	if (plain) {
		ref = strtod(copy, &end);
		if (end != copy + size)
			fuzz_fail("strtod stopped inside a plain decimal");
		if (ok != (isfinite(ref) != 0))
			fuzz_fail("num_parse accepts or refuses wrongly");
		if (ok && (v != ref || signbit(v) != signbit(ref)))
			fuzz_fail("num_parse differs from strtod");
	} else if (ok)
		fuzz_fail("num_parse accepted a non-decimal");
	if (ok)
		check_format(v, decimals);

	if (num_parse_loose(s, size, &style, &loose) == 0) {
		if (!isfinite(loose))
			fuzz_fail("num_parse_loose gave a non-finite value");
		check_format(loose, decimals);
		if (ok && !has_exp && style.decimal == '.' && loose != v)
			fuzz_fail("num_parse_loose differs from num_parse");
	}
	free(copy);
	return 0;
}
