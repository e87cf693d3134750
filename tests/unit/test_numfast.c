/*
 * test_numfast.c - num_parse()'s short-number path against strtod() on
 * many random short decimals (both must be correctly rounded), and the
 * shapes it must still refuse.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "num.h"

static int
parses(const char *s)
{
	double v;

	return num_parse(s, strlen(s), &v) == 0;
}

int
main(void)
{
	unsigned long seed = 7;
	char s[32];
	int i, bad = 0;

	for (i = 0; i < 200000; i++) {
		int n, k, dot, neg;
		double v, want;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = 1 + (int)(seed >> 33) % 16;
		dot = (int)(seed >> 40) % (n + 2); /* n or more: no dot */
		neg = (int)((seed >> 50) & 1);
		k = 0;
		if (neg)
			s[k++] = '-';
		while (n-- > 0) {
			seed = seed * 6364136223846793005UL + 1UL;
			if (n == dot)
				s[k++] = '.';
			s[k++] = (char)('0' + (seed >> 40) % 10);
		}
		s[k] = '\0';
		want = strtod(s, NULL);
		if (num_parse(s, (size_t)k, &v) != 0 ||
		    v != want || signbit(v) != signbit(want)) {
			if (bad++ < 5)
				printf("# %s: got %.17g want %.17g\n", s, v,
				       want);
		}
	}
	CHECK_INT(bad, 0);
	CHECK(!parses("") && !parses("-") && !parses(".") && !parses("-."));
	CHECK(!parses("1.2.3") && !parses("1-") && !parses(" 1") &&
	      !parses("1 ") && !parses("--1") && !parses("1,5"));
	CHECK(parses("+1") && parses("1e3") && parses("-.5") && parses("3."));
	CHECK(parses("1234567890123456789.5"));
	return check_exit();
}
