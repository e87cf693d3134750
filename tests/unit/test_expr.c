/*
 * test_expr.c - the rule language: parsing, precedence, types, missing
 * values, errors with their positions.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "expr.h"

/* The test table: these columns, one row at a time. */
static const char *header[] = {
    "arr", "region", "renewal", "tenure", "Monthly Charges", "n", "m", "name"};
#define NCOLS (sizeof(header) / sizeof(header[0]))

static char rowbuf[512];
static const char *fields[NCOLS];
static size_t lens[NCOLS];
static struct expr_row row = {fields, lens, NCOLS, "t.tsv", 2};

static int
lookup(void *ctx, const char *name)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < NCOLS; i++)
		if (strcmp(header[i], name) == 0)
			return (int)i;
	return -1;
}

/* Load a row given as TAB-separated fields. */
static void
set_row(const char *tsv)
{
	char *p = rowbuf;
	size_t i;

	snprintf(rowbuf, sizeof(rowbuf), "%s", tsv);
	for (i = 0; i < NCOLS; i++) {
		char *tab = p ? strchr(p, '\t') : NULL;

		fields[i] = p ? p : "";
		if (tab)
			*tab = '\0';
		lens[i] = strlen(fields[i]);
		p = tab ? tab + 1 : NULL;
	}
}

/* The three-valued result of src on the current row; 9 on a compile error. */
static int
eval(const char *src)
{
	struct expr_set *s = expr_set_new();
	struct expr_error err;
	size_t r;
	int v = 9;

	if (expr_add(s, "t", src, &err) == 0 &&
	    expr_bind(s, lookup, NULL, &r, &err) == 0)
		v = expr_eval_rule(s, 0, &row);
	else
		printf("# %s: %s at %zu\n", src, err.msg, err.pos);
	expr_set_free(s);
	return v;
}

/* The number src gives on the current row; -999 when missing or bad. */
static double
num(const char *src)
{
	struct expr_set *s = expr_set_new();
	struct expr_error err;
	double v = -999;
	size_t r;

	if (expr_add(s, "t", src, &err) == 0 &&
	    expr_bind(s, lookup, NULL, &r, &err) == 0 &&
	    !expr_eval_number(s, 0, &row, &v))
		v = -999;
	expr_set_free(s);
	return v;
}

/* The error position of a rule that must not compile (or bind); -1 if ok. */
static long
error_at(const char *rule, char *msg, size_t msgsize)
{
	struct expr_set *s = expr_set_new();
	struct expr_error err;
	long pos = -1;
	size_t r;

	if (expr_add_rule(s, rule, &err) != 0 ||
	    expr_bind(s, lookup, NULL, &r, &err) != 0) {
		pos = (long)err.pos;
		snprintf(msg, msgsize, "%s", err.msg);
	}
	expr_set_free(s);
	return pos;
}

static void
test_arithmetic_precedence(void)
{
	set_row("100\tEU\t2024-03-01\t12\t29.85\t3\t4\tAcme");
	/* by hand: 2 + 3*4 = 14; (2+3)*4 = 20; 10 - 4 - 3 = 3 (left) */
	CHECK_NEAR(num("2 + 3 * 4"), 14, 1e-12);
	CHECK_NEAR(num("(2 + 3) * 4"), 20, 1e-12);
	CHECK_NEAR(num("10 - 4 - 3"), 3, 1e-12);
	CHECK_NEAR(num("24 / 4 / 2"), 3, 1e-12);
	CHECK_NEAR(num("-2 * -3"), 6, 1e-12);
	CHECK_NEAR(num("- n * m"), -12, 1e-12);
	/* arr + n*m - 100/4 = 100 + 12 - 25 = 87 */
	CHECK_NEAR(num("arr + n * m - 100 / 4"), 87, 1e-12);
	CHECK_NEAR(num("`Monthly Charges` * tenure"), 358.2, 1e-12);
	CHECK_NEAR(num("1.5e2 + .5"), 150.5, 1e-12);
	CHECK_NEAR(num("n / 0"), -999, 0); /* division by zero: missing */
}

static void
test_logic_precedence(void)
{
	set_row("100\tEU\t2024-03-01\t12\t29.85\t3\t4\tAcme");
	/* and binds tighter than or: true or (false and false) = true */
	CHECK_INT(eval("arr > 50 or arr > 500 and n > 9"), 1);
	/* (true or false) and false = false */
	CHECK_INT(eval("(arr > 50 or arr > 500) and n > 9"), 0);
	/* not binds tighter than and: (not false) and true */
	CHECK_INT(eval("not arr > 500 and n == 3"), 1);
	CHECK_INT(eval("not (arr > 50 and n == 3)"), 0);
	CHECK_INT(eval("not not arr == 100"), 1);
	/* arithmetic binds tighter than comparison: 3 + 4*4 = 19 < 20 */
	CHECK_INT(eval("n + m * m < 20"), 1);
	CHECK_INT(eval("(n + m) * m < 20"), 0);
	CHECK_INT(eval("arr = 100 AND region <> 'US' Or false"), 1);
	CHECK_INT(eval("true"), 1);
}

static void
test_comparisons(void)
{
	set_row("100\tEU\t2024-03-01\t12\t29.85\t3\t4\tAcme");
	CHECK_INT(eval("arr >= 100"), 1);
	CHECK_INT(eval("arr > 100"), 0);
	CHECK_INT(eval("arr <= 99.99"), 0);
	CHECK_INT(eval("arr != 100"), 0);
	CHECK_INT(eval("region == \"EU\""), 1);
	CHECK_INT(eval("region < \"F\""), 1);
	CHECK_INT(eval("region == \"eu\""), 0);
	CHECK_INT(eval("renewal < 2024-03-02"), 1);
	CHECK_INT(eval("renewal >= 2024-03-01"), 1);
	CHECK_INT(eval("renewal > 2024-02-29"), 1);
	CHECK_INT(eval("region in (\"US\", \"EU\")"), 1);
	CHECK_INT(eval("region not in (\"US\", \"EU\")"), 0);
	CHECK_INT(eval("tenure in (1, 12, 24)"), 1);
	CHECK_INT(eval("tenure in (-12, 13)"), 0);
	CHECK_INT(eval("renewal in (2024-03-01)"), 1);
	/* two columns: as numbers when both are numbers (3 < 12, not "3" >
	 * "12"), as text otherwise */
	CHECK_INT(eval("n < tenure"), 1);
	CHECK_INT(eval("name > region"), 0);
	CHECK_INT(eval("missing(region)"), 0);
}

static void
test_missing_values(void)
{
	set_row("\t\t\t12\t\t3\t\t");
	CHECK_INT(eval("arr > 5"), -1);
	CHECK_INT(eval("not arr > 5"), -1);
	CHECK_INT(eval("arr <= 5"), -1);
	CHECK_INT(eval("region != \"EU\""), -1);
	CHECK_INT(eval("region in (\"EU\")"), -1);
	CHECK_INT(eval("region not in (\"EU\")"), -1);
	CHECK_INT(eval("renewal < 2030-01-01"), -1);
	CHECK_INT(eval("missing(arr)"), 1);
	CHECK_INT(eval("not missing(arr)"), 0);
	/* unknown and false = false; unknown or true = true */
	CHECK_INT(eval("arr > 5 and n > 5"), 0);
	CHECK_INT(eval("arr > 5 and n < 5"), -1);
	CHECK_INT(eval("arr > 5 or n < 5"), 1);
	CHECK_INT(eval("arr > 5 or n > 5"), -1);
	CHECK_INT(eval("arr + 1 > 0"), -1);
	CHECK_INT(eval("n * m > 0"), -1);
	CHECK_INT(eval("n < m"), -1);
	CHECK_NEAR(num("arr + 1"), -999, 0);
}

static void
test_rule_order(void)
{
	struct expr_set *s = expr_set_new();
	struct expr_error err;
	size_t r;

	CHECK_INT(expr_add_rule(s, "big: arr >= 1000", &err), 0);
	CHECK_INT(
	    expr_add_rule(s, " eu big : arr >= 100 and region == 'EU'", &err),
	    0);
	CHECK_INT(expr_add_rule(s, "rest: true", &err), 0);
	CHECK_INT(expr_bind(s, lookup, NULL, &r, &err), 0);
	CHECK_STR(expr_rule_name(s, 1), "eu big");
	set_row("100\tEU\t\t\t\t\t\t");
	CHECK_INT(expr_match(s, &row), 1);
	set_row("5000\tEU\t\t\t\t\t\t");
	CHECK_INT(expr_match(s, &row), 0);
	set_row("\tEU\t\t\t\t\t\t");
	CHECK_INT(expr_match(s, &row), 2);
	expr_set_free(s);

	s = expr_set_new();
	CHECK_INT(expr_add_rule(s, "a: arr > 1", &err), 0);
	set_row("\t\t\t\t\t\t\t");
	CHECK_INT(expr_bind(s, lookup, NULL, &r, &err), 0);
	CHECK_INT(expr_match(s, &row), -1);
	expr_set_free(s);
}

static void
test_errors(void)
{
	char msg[200];

	CHECK_INT(error_at("hot: arr > > 5", msg, sizeof(msg)), 11);
	CHECK_STR(msg, "expected a number, string, date, column name or '(', "
	               "found '>'");
	CHECK_INT(error_at("hot: arr > 5 and", msg, sizeof(msg)), 16);
	CHECK_STR(msg, "expected a number, string, date, column name or '(', "
	               "found the end");
	CHECK_INT(error_at("hot: (arr > 5", msg, sizeof(msg)), 13);
	CHECK_STR(msg, "expected ')', found the end");
	CHECK_INT(error_at("hot: ar > 5", msg, sizeof(msg)), 5);
	CHECK_STR(msg, "unknown column 'ar'");
	CHECK_INT(error_at("x: missing( `no such` )", msg, sizeof(msg)), 12);
	CHECK_STR(msg, "unknown column 'no such'");
	CHECK_INT(error_at("x: region == true", msg, sizeof(msg)), 10);
	CHECK_STR(msg, "a condition cannot be compared; use and/or");
	CHECK_INT(error_at("x: \"a\" == 5", msg, sizeof(msg)), 7);
	CHECK_STR(msg, "cannot compare a string with a number");
	CHECK_INT(error_at("x: arr + 1", msg, sizeof(msg)), 3);
	CHECK_STR(msg, "a rule needs a condition, found a number");
	CHECK_INT(error_at("x: arr and n > 1", msg, sizeof(msg)), 3);
	CHECK_INT(error_at("x: 1 < arr < 5", msg, sizeof(msg)), 11);
	CHECK_STR(msg, "comparisons do not chain; use and");
	CHECK_INT(error_at("x: renewal < 2024-02-30", msg, sizeof(msg)), 13);
	CHECK_STR(msg, "invalid date '2024-02-30'");
	CHECK_INT(error_at("x: region == \"EU", msg, sizeof(msg)), 13);
	CHECK_STR(msg, "unterminated string");
	CHECK_INT(error_at("x: arr > 5x", msg, sizeof(msg)), 9);
	CHECK_STR(msg, "invalid number '5x'");
	CHECK_INT(error_at("x: arr # 5", msg, sizeof(msg)), 7);
	CHECK_STR(msg, "unexpected character '#'");
	CHECK_INT(error_at("no colon", msg, sizeof(msg)), 0);
	CHECK_INT(error_at(" : arr > 1", msg, sizeof(msg)), 1);
	CHECK_INT(error_at("x:", msg, sizeof(msg)), 2);
	CHECK_STR(msg, "empty expression");
	CHECK_INT(error_at("x: tenure in (1, 'a')", msg, sizeof(msg)), 17);
	CHECK_INT(error_at("x: arr > 1 )", msg, sizeof(msg)), 11);
	CHECK_STR(msg, "unexpected text after the expression");
	CHECK_INT(error_at("x: region == 'EU' + 1", msg, sizeof(msg)), 13);
	CHECK_INT(error_at("ok: arr > 1", msg, sizeof(msg)), -1);
}

int
main(void)
{
	test_arithmetic_precedence();
	test_logic_precedence();
	test_comparisons();
	test_missing_values();
	test_rule_order();
	test_errors();
	return check_exit();
}
