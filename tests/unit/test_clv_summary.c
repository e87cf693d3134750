/*
 * test_clv_summary.c - the fast number writer of the summary table must
 * write exactly what tsv_put_num() writes (and read back exactly); the
 * score table's tsv_put_fixed() rounds ties on the binary value; grouping
 * of customers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "clv_summary.h"
#include "tsv.h"
#include "xalloc.h"

static unsigned long long rng = 12345;

static double
uniform(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (rng >> 11) / 9007199254740992.0;
}

/* A value of one of the shapes the tables hold. */
static double
sample(int kind)
{
	switch (kind % 6) {
	case 0:
		return floor(uniform() * 400) / 7;
	case 1:
		return floor(uniform() * 400) / 30.4375;
	case 2:
		return nearbyint(uniform() * 1e8) / 1e6;
	case 3:
		return floor(uniform() * 1e6) / 100 /
		       (1 + floor(uniform() * 9));
	case 4:
		return ldexp(uniform(), -(int)(uniform() * 60));
	default:
		return floor(uniform() * 1e6);
	}
}

static void
test_writers(void)
{
	char *a, *b;
	size_t na, nb;
	int i, same_num = 1, exact = 1;
	FILE *fa, *fb;
	double v;

	for (i = 0; i < 100000; i++) {
		v = sample(i);
		fa = open_memstream(&a, &na);
		fb = open_memstream(&b, &nb);
		tsv_put_num(fa, v);
		clv_put_exact(fb, v);
		fclose(fa);
		fclose(fb);
		same_num &= strcmp(a, b) == 0;
		exact &= strtod(b, NULL) == v;
		free(a);
		free(b);
	}
	CHECK(same_num);
	CHECK(exact);
	/* Ties are rounded on the binary value, as printf does. */
	fa = open_memstream(&a, &na);
	tsv_put_fixed(fa, 2.675, 2);
	putc(' ', fa);
	tsv_put_fixed(fa, 0.125, 2);
	putc(' ', fa);
	clv_put_exact(fa, NAN);
	putc(' ', fa);
	clv_put_exact(fa, 0);
	fclose(fa);
	CHECK_STR(a, "2.67 0.12  0");
	free(a);
}

static void
test_unit(void)
{
	enum clv_unit u;

	CHECK(clv_unit_parse("month", &u) == 0 && u == CLV_MONTH);
	CHECK(clv_unit_parse("year", &u) == -1);
	CHECK_NEAR(clv_unit_days(CLV_MONTH), 30.4375, 0);
	CHECK_STR(clv_unit_name(CLV_WEEK), "week");
}

int
main(void)
{
	test_writers();
	test_unit();
	return check_exit();
}
