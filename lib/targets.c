/*
 * targets.c - read --targets files and check them (see targets.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "input.h"
#include "num.h"
#include "render.h"
#include "targets.h"
#include "xalloc.h"

static const char *const op_names[] = {"<", "<=", ">", ">=", "==", "!="};

const char *
target_op_name(enum target_op op)
{
	return op_names[op];
}

static int
parse_op(const char *s, enum target_op *op)
{
	int i;

	for (i = 0; i < 6; i++)
		if (strcmp(s, op_names[i]) == 0) {
			*op = (enum target_op)i;
			return 0;
		}
	return -1;
}

/* Split line into at most 4 blank-separated words; returns the count. */
static int
split_words(char *line, char **w)
{
	int n = 0;
	char *p = line;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (n == 4)
			return 5;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return n;
}

static int
parse_value(const char *s, double *v)
{
	size_t n = strlen(s);

	if (n > 1 && s[n - 1] == '%') {
		if (num_parse(s, n - 1, v) != 0)
			return -1;
		*v /= 100;
		return 0;
	}
	return num_parse(s, n, v);
}

void
targets_read(struct report *r, const char *path)
{
	struct input *in = input_open(path);
	char *line, *w[5];
	size_t len, cap = 0;
	int n, k;
	struct target t;

	while (input_getline(in, &line, &len)) {
		long ln = input_lineno(in);

		if (strlen(line) != len)
			die(EXIT_USAGE, "%s:%ld: NUL byte in a target line",
			    input_name(in), ln);
		n = split_words(line, w);
		if (n == 0 || w[0][0] == '#')
			continue;
		if (n != 3)
			die(EXIT_USAGE,
			    "%s:%ld: want 'KPI OP VALUE', got %d words",
			    input_name(in), ln, n > 4 ? 5 : n);
		if ((k = kpi_find(r, w[0])) < 0)
			die(EXIT_USAGE, "%s:%ld: unknown KPI '%s'",
			    input_name(in), ln, w[0]);
		if (parse_op(w[1], &t.op) != 0)
			die(EXIT_USAGE,
			    "%s:%ld: unknown operator '%s' (want < <= > >= == "
			    "!=)",
			    input_name(in), ln, w[1]);
		if (parse_value(w[2], &t.value) != 0 || !isfinite(t.value))
			die(EXIT_USAGE, "%s:%ld: invalid number '%s'",
			    input_name(in), ln, w[2]);
		t.kpi = k;
		grow_array((void **)&r->targets, &cap, r->ntargets + 1,
		           sizeof(t));
		r->targets[r->ntargets++] = t;
	}
	input_close(in);
}

void
targets_show(struct report *r)
{
	int i, j;

	for (i = 0; i < r->ntargets; i++) {
		for (j = 0; j < r->nshow; j++)
			if (r->show[j] == r->targets[i].kpi)
				break;
		if (j == r->nshow && r->nshow < r->ncols)
			r->show[r->nshow++] = r->targets[i].kpi;
	}
}

int
target_met(const struct target *t, double v)
{
	switch (t->op) {
	case OP_LT:
		return v < t->value;
	case OP_LE:
		return v <= t->value;
	case OP_GT:
		return v > t->value;
	case OP_GE:
		return v >= t->value;
	case OP_EQ:
		return v == t->value;
	case OP_NE:
		return v != t->value;
	}
	return 1;
}

/*
 * Values are compared as render_machine writes them (rates to 4 decimals,
 * money and days to 2, counts whole), so a value shown as 0.0200 meets
 * "<= 0.02".
 */
static double
as_written(const struct kpi_col *c, double v)
{
	char buf[64];

	render_machine(buf, sizeof(buf), c, v);
	return strtod(buf, NULL);
}

int
targets_check(struct report *r)
{
	int i, g, p = r->nperiods - 1;

	r->nmissed = 0;
	for (i = 0; i < r->ntargets; i++) {
		const struct target *t = &r->targets[i];

		for (g = 0; g < r->ngroups; g++) {
			double v = kpi_value(r, g, p, t->kpi);

			if (isnan(v) ||
			    target_met(t, as_written(&r->cols[t->kpi], v)))
				continue;
			if (!r->missed[(size_t)g * r->ncols + t->kpi])
				r->nmissed++;
			r->missed[(size_t)g * r->ncols + t->kpi] = 1;
		}
	}
	return r->nmissed;
}

void
targets_report(const struct report *r, FILE *f)
{
	int i, g, p = r->nperiods - 1;
	char buf[64], want[64];

	for (i = 0; i < r->ntargets; i++) {
		const struct target *t = &r->targets[i];
		const struct kpi_col *c = &r->cols[t->kpi];

		for (g = 0; g < r->ngroups; g++) {
			if (!kpi_missed(r, g, t->kpi))
				continue;
			num_format_shortest(
			    buf, sizeof(buf),
			    as_written(c, kpi_value(r, g, p, t->kpi)));
			num_format_shortest(want, sizeof(want), t->value);
			fprintf(f,
			        "%s: target missed: %s = %s (want %s %s) for "
			        "%s in %s\n",
			        progname(), c->name, buf, target_op_name(t->op),
			        want, r->group_labels[g], r->period_labels[p]);
		}
	}
}
