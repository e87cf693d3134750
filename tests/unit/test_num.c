/*
 * test_num.c - strict and forgiving number parsing, formatting.
 */
#include <string.h>

#include "check.h"
#include "num.h"

static double
strict(const char *s)
{
	double v;

	return num_parse(s, strlen(s), &v) == 0 ? v : -777;
}

static double
loose(const char *s, char decimal, int percent)
{
	struct num_style st = {decimal, percent};
	double v;

	return num_parse_loose(s, strlen(s), &st, &v) == 0 ? v : -777;
}

static const char *
fixed(double v, int decimals)
{
	static char buf[64];

	num_format(buf, sizeof(buf), v, decimals);
	return buf;
}

static const char *
shortest(double v)
{
	static char buf[64];

	num_format_shortest(buf, sizeof(buf), v);
	return buf;
}

int
main(void)
{
	CHECK(strict("-1234.5") == -1234.5);
	CHECK(strict("0.1") == 0.1);
	CHECK(strict(".5") == 0.5);
	CHECK(strict("3.") == 3);
	CHECK(strict("1e3") == 1000);
	CHECK(strict("1.7976931348623157e308") == 1.7976931348623157e308);
	CHECK(strict("123456789012345678901") == 123456789012345678901.0);
	CHECK(strict("0.30000000000000004") == 0.30000000000000004);
	CHECK(strict("") == -777);
	CHECK(strict("-") == -777);
	CHECK(strict(".") == -777);
	CHECK(strict("12abc") == -777);
	CHECK(strict(" 12") == -777);
	CHECK(strict("1,5") == -777);
	CHECK(strict("inf") == -777);
	CHECK(strict("nan") == -777);
	CHECK(strict("1e999") == -777);
	CHECK(strict("1e") == -777);

	CHECK(loose("$1,234.50", '.', 0) == 1234.5);
	CHECK(loose(" 1 234,50 ", ',', 0) == 1234.5);
	CHECK(loose("1.234,50 EUR", ',', 0) == 1234.5);
	CHECK(loose("\xE2\x82\xAC 1.234.567,8", ',', 0) == 1234567.8);
	CHECK(loose("(120.00)", '.', 0) == -120);
	CHECK(loose("-$5", '.', 0) == -5);
	CHECK(loose("USD 99", '.', 0) == 99);
	CHECK(loose("1'234.5", '.', 0) == 1234.5);
	CHECK(loose("1\xC2\xA0" "234", '.', 0) == 1234);
	CHECK(loose("12%", '.', 1) == 0.12);
	CHECK(loose("12 %", '.', 1) == 0.12);
	CHECK(loose("12%", '.', 0) == -777);
	CHECK(loose("12abc", '.', 0) == -777);
	CHECK(loose("1,23", '.', 0) == -777);
	CHECK(loose("1,2345", '.', 0) == -777);
	CHECK(loose("12,345,67", '.', 0) == -777);
	CHECK(loose("1234,567", '.', 0) == -777);
	CHECK(loose("", '.', 0) == -777);
	CHECK(loose("$", '.', 0) == -777);
	CHECK(loose("(-5)", '.', 0) == -777);
	CHECK(loose("1.5", ',', 0) == -777);
	CHECK(loose("0,5", ',', 0) == 0.5);
	CHECK(loose("42", '.', 0) == 42);

	CHECK_STR(fixed(1234.5, 2), "1234.50");
	CHECK_STR(fixed(-0.001, 2), "0.00");
	CHECK_STR(fixed(-0.0, 0), "0");
	CHECK_STR(fixed(-1.5, 2), "-1.50");
	CHECK_STR(fixed(0.04234, 4), "0.0423");
	CHECK_STR(shortest(0.1), "0.1");
	CHECK_STR(shortest(3), "3");
	CHECK_STR(shortest(-2.5), "-2.5");
	CHECK_STR(shortest(1e20), "1e+20");
	CHECK_STR(shortest(0.30000000000000004), "0.30000000000000004");
	return check_exit();
}
