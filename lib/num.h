/*
 * num.h - numbers: strict and forgiving parsing, exact formatting.
 *
 * Nothing here depends on the locale: the decimal point of the record
 * format is always '.', whatever LC_NUMERIC says.
 */
#ifndef RMKIT_NUM_H
#define RMKIT_NUM_H

#include <stddef.h>

/* Decimals used in TSV output (DESIGN.md: money two, rates fractions). */
#define NUM_MONEY_DECIMALS 2
#define NUM_RATE_DECIMALS 4

/*
 * Parse a plain C-locale decimal as found in rmkit records: an optional
 * sign, digits with an optional fraction ("-1234.5", ".5", "3."), an
 * optional exponent.  Nothing else: no spaces, no "inf" or "nan", no
 * separators.  The result is correctly rounded.  Returns 0 and sets *out,
 * or -1.
 */
int num_parse(const char *s, size_t len, double *out);

/* How num_parse_loose() reads numbers from exports. */
struct num_style {
	char decimal;	/* '.' (default) or ',' (--decimal-comma) */
	int percent;	/* a trailing '%' divides by 100; else refused */
};

/*
 * Parse an amount as written in exports: surrounding blanks, a currency
 * symbol or ISO code before or after ("$1,234.50", "1.234,50 EUR"),
 * thousands separators in groups of three (',' — or '.', ' ', NBSP, '\''
 * when the decimal mark is ','; ' ', NBSP, '\'' also with '.'), a leading
 * sign or accounting parentheses "(120.00)" for negatives, and, when
 * style->percent is set, a trailing '%'.  Anything else ("12abc", "1,23")
 * is refused.  style may be NULL for the defaults.  Returns 0 and sets
 * *out, or -1.
 */
int num_parse_loose(const char *s, size_t len, const struct num_style *style,
		    double *out);

/*
 * Write v with exactly decimals digits after the point into buf, rounded
 * to nearest as printf("%.*f") does (on the binary value, so 2.675 gives
 * "2.67"), and never "-0" or "-0.00".
 */
void num_format(char *buf, size_t size, double v, int decimals);

/*
 * Write v in the shortest plain decimal (no exponent for magnitudes up to
 * 1e15) that reads back as the same double: 0.1 -> "0.1", 3 -> "3".
 */
void num_format_shortest(char *buf, size_t size, double v);

#endif
