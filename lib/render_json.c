/*
 * render_json.c - the report as one JSON document (render.h).
 *
 * Shape: {"as_of", "period", "periods": [...], "by", "kpis": [{name,
 * family, title, unit, better, target?}], "groups": [{"group",
 * "periods": [{"period", "values": {kpi: number}}], "missed": [...]}],
 * "targets_missed"}.  A value left out has no key.
 */
#include <math.h>

#include "date.h"
#include "render.h"
#include "targets.h"

static void
json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void
json_kpis(FILE *f, const struct report *r)
{
	int i, k;
	char buf[64];

	fputs("  \"kpis\": [", f);
	for (i = 0; i < r->nshow; i++) {
		const struct kpi_col *c = &r->cols[k = r->show[i]];
		const struct target *t = kpi_target(r, k);

		fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
		json_string(f, c->name);
		fputs(", \"family\": ", f);
		json_string(f, c->family);
		fputs(", \"title\": ", f);
		json_string(f, c->title);
		fprintf(f, ", \"unit\": \"%s\", \"better\": %d",
		        render_unit_name(c->unit), c->better);
		if (t) {
			render_machine(buf, sizeof(buf), c, t->value);
			fprintf(f,
			        ", \"target\": {\"op\": \"%s\", \"value\": %s}",
			        target_op_name(t->op), buf);
		}
		fputc('}', f);
	}
	fputs("\n  ],\n", f);
}

static void
json_group(FILE *f, const struct report *r, int g)
{
	int p, i, k, n;
	char buf[64];

	fputs("    {\"group\": ", f);
	json_string(f, r->group_labels[g]);
	fputs(",\n     \"periods\": [", f);
	for (p = 0; p < r->nperiods; p++) {
		fprintf(f, "%s\n      {\"period\": \"%s\", \"values\": {",
		        p ? "," : "", r->period_labels[p]);
		for (i = 0, n = 0; i < r->nshow; i++) {
			double v = kpi_value(r, g, p, k = r->show[i]);

			if (isnan(v))
				continue;
			render_machine(buf, sizeof(buf), &r->cols[k], v);
			fprintf(f, "%s\"%s\": %s", n++ ? ", " : "",
			        r->cols[k].name, buf);
		}
		fputs("}}", f);
	}
	fputs("\n     ],\n     \"missed\": [", f);
	for (i = 0, n = 0; i < r->nshow; i++)
		if (kpi_missed(r, g, k = r->show[i]))
			fprintf(f, "%s\"%s\"", n++ ? ", " : "",
			        r->cols[k].name);
	fputs("]}", f);
}

void
render_json(FILE *f, const struct report *r)
{
	char day[DATE_BUFSIZE];
	int p, g;

	date_format(r->as_of, day);
	fprintf(f, "{\n  \"as_of\": \"%s\",\n  \"period\": \"%s\",\n", day,
	        period_unit_name(r->unit));
	fputs("  \"periods\": [", f);
	for (p = 0; p < r->nperiods; p++)
		fprintf(f, "%s\"%s\"", p ? ", " : "", r->period_labels[p]);
	fputs("],\n  \"by\": ", f);
	json_string(f, r->by_label ? r->by_label : "");
	fputs(",\n", f);
	json_kpis(f, r);
	fputs("  \"groups\": [\n", f);
	for (g = 0; g < r->ngroups; g++) {
		json_group(f, r, g);
		fputs(g + 1 < r->ngroups ? ",\n" : "\n", f);
	}
	fprintf(f, "  ],\n  \"targets_missed\": %d\n}\n", r->nmissed);
}
