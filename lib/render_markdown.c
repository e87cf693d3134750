/*
 * render_markdown.c - the report as Markdown tables (render.h).
 *
 * A heading per group and a table: KPI, one column per period, change.
 * A missed target is shown in bold with "✗ target ...".  Text is escaped
 * for Markdown (| \ * _ ` < > [ ] and line ends).
 */
#include "date.h"
#include "render.h"

static void
md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			fputc(' ', f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else {
			if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' ||
			    *s == '`' || *s == '[' || *s == ']' || *s == '#')
				fputc('\\', f);
			fputc(*s, f);
		}
	}
}

static void
md_group(FILE *f, const struct report *r, int g)
{
	char v[64], ch[64], t[64];
	int i, k, p, dir, cur = r->nperiods - 1;

	fputs("\n## ", f);
	md_text(f, r->group_labels[g]);
	fputs("\n\n| KPI |", f);
	for (p = 0; p < r->nperiods; p++)
		fprintf(f, " %s |", r->period_labels[p]);
	fputs(" change |\n|---|", f);
	for (p = 0; p < r->nperiods; p++)
		fputs("---:|", f);
	fputs("---:|\n", f);
	for (i = 0; i < r->nshow; i++) {
		const struct kpi_col *c = &r->cols[k = r->show[i]];

		fputs("| ", f);
		md_text(f, c->title);
		fputs(" |", f);
		for (p = 0; p < r->nperiods; p++) {
			render_human(v, sizeof(v), c, kpi_value(r, g, p, k));
			if (p == cur && kpi_missed(r, g, k)) {
				render_target(t, sizeof(t), r, k);
				fputs(" **", f);
				md_text(f, v);
				fputs("** ✗ target ", f);
				md_text(f, t);
				fputs(" |", f);
			} else {
				fputc(' ', f);
				md_text(f, v);
				fputs(" |", f);
			}
		}
		dir = render_change(ch, sizeof(ch), c, kpi_value(r, g, cur, k),
		                    kpi_prev(r, g, cur, k));
		if (*ch)
			fprintf(f, " %s %s |\n", render_arrow(dir), ch);
		else
			fputs(" |\n", f);
	}
}

void
render_markdown(FILE *f, const struct report *r)
{
	char day[DATE_BUFSIZE];
	int g;

	date_format(r->as_of, day);
	fprintf(f, "# KPI report\n\n%s periods, as of %s",
	        period_unit_name(r->unit), day);
	if (r->by_label && *r->by_label) {
		fputs(", by ", f);
		md_text(f, r->by_label);
	}
	fputs(".", f);
	if (r->nmissed)
		fprintf(f, " **%d target%s missed.**", r->nmissed,
		        r->nmissed == 1 ? "" : "s");
	fputc('\n', f);
	for (g = 0; g < r->ngroups; g++)
		md_group(f, r, g);
}
