/*
 * num.c - numbers: strict and forgiving parsing, exact formatting.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

static const double pow10_exact[] = {
	1e0,  1e1,  1e2,  1e3,	1e4,  1e5,  1e6,  1e7,	1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Check the shape of a plain decimal; return 0 when it is one.  On the
 * way, collect up to 19 significant digits in *mant and the count of
 * fraction digits in *frac; *simple says whether mant / 10^frac is exact
 * enough (no exponent, few digits).
 */
static int
scan_plain(const char *s, size_t len, uint64_t *mant, int *frac, int *simple)
{
	size_t i = 0, ndig = 0, nint = 0, nfrac = 0;

	*mant = 0;
	*frac = 0;
	*simple = 1;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && is_digit(s[i]); i++, nint++, ndig++)
		if (ndig < 19)
			*mant = *mant * 10 + (uint64_t)(s[i] - '0');
	if (i < len && s[i] == '.') {
		for (i++; i < len && is_digit(s[i]); i++, nfrac++, ndig++)
			if (ndig < 19)
				*mant = *mant * 10 + (uint64_t)(s[i] - '0');
	}
	if (nint + nfrac == 0)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t nexp = 0;

		*simple = 0;
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		for (; i < len && is_digit(s[i]); i++)
			nexp++;
		if (nexp == 0)
			return -1;
	}
	if (i != len)
		return -1;
	if (ndig > 15 || nfrac > 22)
		*simple = 0;
	*frac = (int)nfrac;
	return 0;
}

/*
 * The common case, quickly: up to 15 characters of digits with at most
 * one '.', an optional leading '-'.  Then there are at most 15 digits, so
 * mant / 10^frac is one correctly rounded division.  Returns 0 and sets
 * *out, or -1 when s is anything else (num_parse() then looks closer).
 */
static int
parse_short(const char *s, size_t len, double *out)
{
	const char *p = s, *end = s + len, *dot = NULL;
	uint64_t mant = 0;
	double v;

	if (len == 0 || len > 15)
		return -1;
	if (*p == '-')
		p++;
	if (p == end)
		return -1;
	for (; p < end; p++) {
		unsigned d = (unsigned)(unsigned char)*p - '0';

		if (d <= 9)
			mant = mant * 10 + d;
		else if (*p == '.' && dot == NULL)
			dot = p;
		else
			return -1;
	}
	if (dot != NULL && len - (size_t)(s[0] == '-') == 1)
		return -1; /* "." or "-." */
	v = (double)mant;
	if (dot != NULL)
		v /= pow10_exact[end - dot - 1];
	*out = s[0] == '-' ? -v : v;
	return 0;
}

/* num_parse() of anything parse_short() leaves (kept out of line). */
static __attribute__((noinline)) int
parse_general(const char *s, size_t len, double *out)
{
	uint64_t mant;
	int frac, simple;
	char buf[128], *end;
	double v;

	if (scan_plain(s, len, &mant, &frac, &simple) != 0)
		return -1;
	if (simple) {
		/* mant < 2^53 and 10^frac exact: one correctly rounded op */
		v = (double)mant / pow10_exact[frac];
		*out = s[0] == '-' ? -v : v;
		return 0;
	}
	if (len >= sizeof(buf)) {
		char *copy = malloc(len + 1);

		if (copy == NULL)
			return -1;
		memcpy(copy, s, len);
		copy[len] = '\0';
		v = strtod(copy, &end);
		free(copy);
	} else {
		memcpy(buf, s, len);
		buf[len] = '\0';
		v = strtod(buf, &end);
	}
	if (!isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int
num_parse(const char *s, size_t len, double *out)
{
	if (parse_short(s, len, out) == 0)
		return 0;
	return parse_general(s, len, out);
}

/* Length of a blank (space, tab, NBSP, narrow NBSP, thin space) at s. */
static size_t
blank_len(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len >= 1 && (u[0] == ' ' || u[0] == '\t'))
		return 1;
	if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0xAF || u[2] == 0x89))
		return 3;
	return 0;
}

/* Length of a currency mark at s: a symbol or three capital letters. */
static size_t
currency_len(const char *s, size_t len)
{
	static const char *const symbols[] = {"$", "\xE2\x82\xAC", "\xC2\xA3",
					      "\xC2\xA5", "\xE2\x82\xB9",
					      "\xE2\x82\xA9", "\xE2\x82\xBD"};
	size_t i, n;

	for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		n = strlen(symbols[i]);
		if (len >= n && memcmp(s, symbols[i], n) == 0)
			return n;
	}
	if (len >= 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
	    s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z')
		return 3;
	return 0;
}

/* Strip blanks at both ends of [*s, *s + *len). */
static void
trim_blanks(const char **s, size_t *len)
{
	size_t n;

	while (*len > 0 && (n = blank_len(*s, *len)) > 0) {
		*s += n;
		*len -= n;
	}
	for (;;) {
		size_t i, found = 0;

		/* find a blank that ends exactly at the end */
		for (i = *len > 3 ? *len - 3 : 0; i < *len; i++)
			if ((n = blank_len(*s + i, *len - i)) == *len - i) {
				found = n;
				break;
			}
		if (!found)
			break;
		*len -= found;
	}
}

/* Remove a currency mark at the start or the end. */
static void
strip_currency(const char **s, size_t *len, int *neg)
{
	size_t n;

	if (*len > 0 && (**s == '-' || **s == '+')) {
		/* "-$5": sign before the symbol */
		n = currency_len(*s + 1, *len - 1);
		if (n > 0) {
			*neg ^= **s == '-';
			*s += 1 + n;
			*len -= 1 + n;
			trim_blanks(s, len);
			return;
		}
	}
	if ((n = currency_len(*s, *len)) > 0) {
		*s += n;
		*len -= n;
		trim_blanks(s, len);
		return;
	}
	for (n = 1; n <= 3 && n <= *len; n++)
		if (currency_len(*s + *len - n, n) == n) {
			*len -= n;
			trim_blanks(s, len);
			return;
		}
}

/* Is s[i..] a grouping separator in this style?  Returns its length. */
static size_t
group_sep_len(const char *s, size_t len, char decimal)
{
	if (len == 0)
		return 0;
	if (decimal == '.' && s[0] == ',')
		return 1;
	if (decimal == ',' && s[0] == '.')
		return 1;
	if (s[0] == '\'')
		return 1;
	return blank_len(s, len);
}

/*
 * Copy the digits of s into out as a plain decimal, dropping grouping
 * separators (checked to be in groups of three) and turning the decimal
 * mark into '.'.  Returns the length written or -1.
 */
static int
degroup(const char *s, size_t len, char decimal, char *out, size_t outsize)
{
	size_t i = 0, o = 0, run = 0, groups = 0, n;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		out[o++] = s[i++];
	for (; i < len; i++) {
		if (o + 2 >= outsize)
			return -1;
		if (is_digit(s[i])) {
			out[o++] = s[i];
			run++;
		} else if ((n = group_sep_len(s + i, len - i, decimal)) > 0) {
			if (run == 0 || (groups == 0 && run > 3) ||
			    (groups > 0 && run != 3))
				return -1;
			groups++;
			run = 0;
			i += n - 1;
		} else if (s[i] == decimal) {
			break;
		} else {
			return -1;
		}
	}
	if (groups > 0 && run != 3)
		return -1;
	if (i < len) { /* the fraction: digits and perhaps an exponent */
		out[o++] = '.';
		for (i++; i < len; i++) {
			if (o + 1 >= outsize)
				return -1;
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return (int)o;
}

int
num_parse_loose(const char *s, size_t len, const struct num_style *style,
		double *out)
{
	struct num_style def = {'.', 0};
	int neg = 0, percent = 0, n;
	char buf[128];
	double v;

	if (style == NULL)
		style = &def;
	trim_blanks(&s, &len);
	if (len >= 2 && s[0] == '(' && s[len - 1] == ')') {
		neg = 1;
		s++;
		len -= 2;
		trim_blanks(&s, &len);
	}
	if (len > 0 && s[len - 1] == '%') {
		if (!style->percent)
			return -1;
		percent = 1;
		len--;
		trim_blanks(&s, &len);
	}
	strip_currency(&s, &len, &neg);
	if (len == 0)
		return -1;
	if (neg && (s[0] == '-' || s[0] == '+'))
		return -1; /* "(-5)" */
	n = degroup(s, len, style->decimal, buf, sizeof(buf));
	if (n < 0 || num_parse(buf, (size_t)n, &v) != 0)
		return -1;
	if (percent)
		v /= 100;
	*out = neg ? -v : v;
	return 0;
}

void
num_format(char *buf, size_t size, double v, int decimals)
{
	char *p;

	if (decimals < 0)
		decimals = 0;
	/* (void): the caller sizes buf for its values (as tsv_put_fixed) */
	(void)snprintf(buf, size, "%.*f", decimals, v);
	if (buf[0] != '-')
		return;
	for (p = buf + 1; *p; p++)
		if (*p != '0' && *p != '.')
			return;
	memmove(buf, buf + 1, strlen(buf)); /* "-0.00" -> "0.00" */
}

void
num_format_shortest(char *buf, size_t size, double v)
{
	int prec;
	char *end;

	if (v == 0) {
		(void)snprintf(buf, size, "0");
		return;
	}
	if (fabs(v) < 1e15 && fabs(v) >= 1e-6) {
		for (prec = 0; prec <= 17; prec++) {
			(void)snprintf(buf, size, "%.*f", prec, v);
			if (strtod(buf, &end) == v)
				return;
		}
	}
	for (prec = 1; prec <= 17; prec++) {
		(void)snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, &end) == v)
			return;
	}
}
