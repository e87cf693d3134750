/*
 * render_text.c - the report as aligned text tables (render.h).
 *
 * One table per group: a row per KPI, a column per period, then the
 * change of the current period against the one before with an arrow.  A
 * missed target is marked "!" after the value and listed at the end.
 * With colour, good changes are green, bad ones red, misses bold red.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render.h"
#include "xalloc.h"

#define GREEN "\033[32m"
#define RED "\033[31m"
#define BOLDRED "\033[1;31m"
#define RESET "\033[0m"

/* Display width of UTF-8 text (one column per character). */
static int
width(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
pad(FILE *f, int n)
{
	while (n-- > 0)
		fputc(' ', f);
}

/* Width of the widest value (with its miss mark) in period p. */
static int
column_width(const struct report *r, int g, int p)
{
	char buf[64];
	int i, k, w = width(r->period_labels[p]), n;

	for (i = 0; i < r->nshow; i++) {
		k = r->show[i];
		render_human(buf, sizeof(buf), &r->cols[k],
		             kpi_value(r, g, p, k));
		n = width(buf) + (p == r->nperiods - 1 && kpi_missed(r, g, k));
		if (n > w)
			w = n;
	}
	return w;
}

static void
text_row(FILE *f, const struct report *r, int g, int k, int tw, const int *cw,
         int colour)
{
	char buf[64], ch[64];
	int p, dir, miss, cur = r->nperiods - 1;
	const struct kpi_col *c = &r->cols[k];

	fprintf(f, "  %s", c->title);
	pad(f, tw - width(c->title));
	for (p = 0; p < r->nperiods; p++) {
		miss = p == cur && kpi_missed(r, g, k);
		render_human(buf, sizeof(buf), c, kpi_value(r, g, p, k));
		pad(f, 2 + cw[p] - width(buf) - miss);
		if (miss)
			fprintf(f, "%s%s!%s", colour ? BOLDRED : "", buf,
			        colour ? RESET : "");
		else
			fputs(buf, f);
	}
	dir = render_change(ch, sizeof(ch), c, kpi_value(r, g, cur, k),
	                    kpi_prev(r, g, cur, k));
	if (*ch) {
		int judge = render_judge(c, dir);
		const char *col = !colour || !judge ? ""
		                  : judge > 0       ? GREEN
		                                    : RED;

		fprintf(f, "  %s%s %s%s", col, render_arrow(dir), ch,
		        *col ? RESET : "");
	}
	fputc('\n', f);
}

static void
text_group(FILE *f, const struct report *r, int g, int colour)
{
	int i, p, tw = 3;
	int *cw = xreallocarray(NULL, (size_t)r->nperiods, sizeof(*cw));

	for (i = 0; i < r->nshow; i++)
		if (width(r->cols[r->show[i]].title) > tw)
			tw = width(r->cols[r->show[i]].title);
	fprintf(f, "\n%s\n  KPI", r->group_labels[g]);
	pad(f, tw - 3);
	for (p = 0; p < r->nperiods; p++) {
		cw[p] = column_width(r, g, p);
		pad(f, 2 + cw[p] - width(r->period_labels[p]));
		fputs(r->period_labels[p], f);
	}
	fputs("  change\n", f);
	for (i = 0; i < r->nshow; i++)
		text_row(f, r, g, r->show[i], tw, cw, colour);
	free(cw);
}

void
render_text(FILE *f, const struct report *r, int colour)
{
	char day[DATE_BUFSIZE], v[64], t[64];
	int g, i, k, cur = r->nperiods - 1;

	date_format(r->as_of, day);
	fprintf(f, "KPI report: %s periods, as of %s",
	        period_unit_name(r->unit), day);
	if (r->by_label && *r->by_label)
		fprintf(f, ", by %s", r->by_label);
	fputc('\n', f);
	for (g = 0; g < r->ngroups; g++)
		text_group(f, r, g, colour);
	if (!r->nmissed)
		return;
	fprintf(f, "\nTargets missed in %s:\n", r->period_labels[cur]);
	for (g = 0; g < r->ngroups; g++)
		for (i = 0; i < r->nshow; i++) {
			k = r->show[i];
			if (!kpi_missed(r, g, k))
				continue;
			render_human(v, sizeof(v), &r->cols[k],
			             kpi_value(r, g, cur, k));
			render_target(t, sizeof(t), r, k);
			fprintf(f, "  %s%s: %s %s (target %s)%s\n",
			        colour ? BOLDRED : "", r->group_labels[g],
			        r->cols[k].title, v, t, colour ? RESET : "");
		}
}
