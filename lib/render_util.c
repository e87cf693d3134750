/*
 * render_util.c - number formatting shared by the renderers (render.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"
#include "render.h"
#include "targets.h"

static int
machine_decimals(enum kpi_unit u)
{
	switch (u) {
	case UNIT_COUNT:
		return 0;
	case UNIT_RATE:
		return NUM_RATE_DECIMALS;
	default:
		return NUM_MONEY_DECIMALS;
	}
}

void
render_machine(char *buf, size_t size, const struct kpi_col *c, double v)
{
	if (isnan(v)) {
		buf[0] = '\0';
		return;
	}
	num_format(buf, size, v, machine_decimals(c->unit));
}

/* "1234567.89" -> "1,234,567.89" in out. */
static void
group_digits(char *out, size_t size, const char *in)
{
	const char *p = in;
	size_t i = 0, d, left, intlen;

	if (*p == '-')
		out[i++] = *p++;
	intlen = strcspn(p, ".");
	for (d = 0; d < intlen && i + 2 < size; d++) {
		out[i++] = p[d];
		left = intlen - d - 1;
		if (left > 0 && left % 3 == 0)
			out[i++] = ',';
	}
	for (p += intlen; *p && i + 1 < size; p++)
		out[i++] = *p;
	out[i] = '\0';
}

void
render_human(char *buf, size_t size, const struct kpi_col *c, double v)
{
	char tmp[64];
	size_t len;

	if (isnan(v)) {
		(void)snprintf(buf, size, "-");
		return;
	}
	switch (c->unit) {
	case UNIT_COUNT:
		num_format(tmp, sizeof(tmp), v, 0);
		group_digits(buf, size, tmp);
		break;
	case UNIT_MONEY:
		num_format(tmp, sizeof(tmp), v, 2);
		group_digits(buf, size, tmp);
		break;
	case UNIT_RATE:
		if (size < 2) { /* no room for a number and its sign */
			if (size)
				buf[0] = '\0';
			break;
		}
		num_format(buf, size - 1, 100 * v, 1);
		len = strlen(buf); /* at most size - 2 */
		buf[len] = '%';
		buf[len + 1] = '\0';
		break;
	case UNIT_DAYS:
	case UNIT_SCORE:
		num_format(buf, size, v, 1);
		break;
	case UNIT_NUMBER:
		num_format(buf, size, v, 2);
		break;
	}
}

int
render_change(char *buf, size_t size, const struct kpi_col *c, double cur,
              double prev)
{
	char tmp[64];
	double d;
	int dir;

	buf[0] = '\0';
	if (isnan(cur) || isnan(prev))
		return 0;
	if (c->unit == UNIT_RATE)
		d = 100 * (cur - prev);
	else if (c->unit == UNIT_SCORE)
		d = cur - prev;
	else if (prev != 0)
		d = 100 * (cur - prev) / fabs(prev);
	else
		return 0;
	num_format(tmp, sizeof(tmp), d, 1);
	dir = strcmp(tmp, "0.0") == 0 ? 0 : d > 0 ? 1 : -1;
	(void)snprintf(buf, size, "%s%s%s", d > 0 && dir ? "+" : "", tmp,
	               c->unit == UNIT_RATE    ? " pp"
	               : c->unit == UNIT_SCORE ? ""
	                                       : "%");
	return dir;
}

const char *
render_arrow(int dir)
{
	return dir > 0 ? "↑" : dir < 0 ? "↓" : "→";
}

int
render_judge(const struct kpi_col *c, int dir)
{
	return c->better * dir;
}

void
render_target(char *buf, size_t size, const struct report *r, int k)
{
	const struct target *t = kpi_target(r, k);
	char v[64];

	buf[0] = '\0';
	if (!t)
		return;
	render_human(v, sizeof(v), &r->cols[k], t->value);
	(void)snprintf(buf, size, "%s %s", target_op_name(t->op), v);
}

const char *
render_unit_name(enum kpi_unit u)
{
	static const char *const names[] = {"count", "money", "rate",
	                                    "days",  "score", "number"};
	return names[u];
}
