/*
 * bgnbd-sim.c - simulate order events from the BG/NBD and Gamma-Gamma
 * models with known parameters, for tests/bench/model.sh.
 *
 *	bgnbd-sim events CUSTOMERS SEED > events.tsv
 *	bgnbd-sim summary CUSTOMERS SEED > summary.tsv
 *
 * Each customer's first order is on a day drawn uniformly from the first
 * 84 days of 2020 (12 weeks, as in the CDNOW cohort); then, while alive,
 * orders follow a Poisson process of rate lambda ~ gamma(r, alpha) per
 * week, and after each repeat order the customer drops out with
 * probability p ~ beta(a, b).  Orders are written as dates (the fractional
 * day is dropped), up to day 400.  The summary mode writes what
 * rm-churn --summary --unit week would give for a calibration ending on
 * day 272 (39 weeks), but from the exact continuous times (first day
 * drawn continuously too), so the fit can be compared with the true
 * parameters without the rounding of times to days.  Values: each customer's mean order
 * value is p_s / nu with nu ~ gamma(q, gamma), each order ~ gamma(p_s, nu).
 * True parameters: r 0.243, alpha 4.414 (weeks), a 0.793, b 2.426;
 * p 6.25, q 3.74, gamma 15.44.  Standard C only; deterministic for a
 * seed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

/* splitmix64: a small, good 64-bit generator. */
static uint64_t
next_u64(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in (0, 1). */
static double
uniform(void)
{
	return ((next_u64() >> 11) + 0.5) / 9007199254740992.0;
}

static double
normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform());
}

/* Gamma(shape, rate) by Marsaglia & Tsang (boosted for shape < 1). */
static double
gamma_draw(double shape, double rate)
{
	double d, c, x, v, u;

	if (shape < 1)
		return gamma_draw(shape + 1, rate) * pow(uniform(), 1 / shape);
	d = shape - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;) {
		do {
			x = normal();
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		u = uniform();
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v / rate;
	}
}

static double
beta_draw(double a, double b)
{
	double x = gamma_draw(a, 1);

	return x / (x + gamma_draw(b, 1));
}

static void
put_order(long id, int day, double value)
{
	/* 2020-01-01 is a Wednesday; days are written as dates. */
	static const int month_days[] = {31, 29, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31};
	int y = 2020, m = 0, d = day;

	while (d >= month_days[m] + (m == 1 && y != 2020 ? -1 : 0)) {
		d -= month_days[m] + (m == 1 && y != 2020 ? -1 : 0);
		if (++m == 12) {
			m = 0;
			y++;
		}
	}
	printf("c%07ld\t%04d-%02d-%02d\torder\t%.2f\n", id, y, m + 1, d + 1,
	       value);
}

/* One customer of the summary mode: x, t_x, T in weeks, mean spend. */
static void
put_summary(long id, double lambda, double p, double nu, double ps)
{
	const double end = 272;
	double first = uniform() * 84, t = first, last = first, sum = 0;
	long x = 0;

	gamma_draw(ps, nu); /* the first order's value: not used */
	for (;;) {
		t += -log(uniform()) / lambda;
		if (t >= end)
			break;
		x++;
		last = t;
		sum += gamma_draw(ps, nu);
		if (uniform() < p)
			break;
	}
	printf("c%07ld\t%ld\t%.6f\t%.6f\t", id, x, (last - first) / 7,
	       (end - first) / 7);
	if (x > 0)
		printf("%.6f", sum / x);
	putchar('\n');
}

int
main(int argc, char **argv)
{
	const double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;
	const double ps = 6.25, q = 3.74, gam = 15.44, end = 400;
	long n, i;
	int summary;
	double lambda, p, nu, t, first;

	if (argc != 4 || (strcmp(argv[1], "events") != 0 &&
			  strcmp(argv[1], "summary") != 0)) {
		fprintf(stderr, "usage: bgnbd-sim events|summary CUSTOMERS "
				"SEED\n");
		return 2;
	}
	summary = strcmp(argv[1], "summary") == 0;
	n = atol(argv[2]);
	state = strtoull(argv[3], NULL, 10);
	printf(summary ? "account\tx\tt_x\tT\tmonetary_value\n"
		       : "account\tdate\ttype\tvalue\n");
	for (i = 0; i < n; i++) {
		lambda = gamma_draw(r, alpha) / 7; /* per day */
		p = beta_draw(a, b);
		nu = gamma_draw(q, gam);
		if (summary) {
			put_summary(i, lambda, p, nu, ps);
			continue;
		}
		first = floor(uniform() * 84);
		put_order(i, (int)first, gamma_draw(ps, nu));
		t = first;
		for (;;) {
			t += -log(uniform()) / lambda;
			if (t >= end)
				break;
			put_order(i, (int)t, gamma_draw(ps, nu));
			if (uniform() < p)
				break;
		}
	}
	return ferror(stdout) ? 1 : 0;
}
