/*
 * render_tsv.c - the report as TSV, long or wide (render.h).
 */
#include <math.h>

#include "render.h"
#include "tsv.h"

static void
put_value(FILE *f, const struct kpi_col *c, double v)
{
	char buf[64];

	render_machine(buf, sizeof(buf), c, v);
	fputs(buf, f);
}

void
render_tsv_long(FILE *f, const struct report *r)
{
	int g, p, i, k, current;

	fputs("group\tperiod\tkpi\tvalue", f);
	fputs(r->ntargets ? "\ttarget\n" : "\n", f);
	for (g = 0; g < r->ngroups; g++)
		for (p = 0; p < r->nperiods; p++)
			for (i = 0; i < r->nshow; i++) {
				double v;

				k = r->show[i];
				v = kpi_value(r, g, p, k);
				if (isnan(v))
					continue;
				current = p == r->nperiods - 1;
				tsv_put_str(f, r->group_labels[g]);
				fprintf(f, "\t%s\t%s\t", r->period_labels[p],
				        r->cols[k].name);
				put_value(f, &r->cols[k], v);
				if (r->ntargets) {
					fputc('\t', f);
					if (current && kpi_target(r, k))
						fputs(kpi_missed(r, g, k)
						          ? "missed"
						          : "met",
						      f);
				}
				fputc('\n', f);
			}
}

void
render_tsv_wide(FILE *f, const struct report *r)
{
	int g, p, i, k, sep;

	fputs("group\tperiod", f);
	for (i = 0; i < r->nshow; i++)
		fprintf(f, "\t%s", r->cols[r->show[i]].name);
	fputs(r->ntargets ? "\tmissed\n" : "\n", f);
	for (g = 0; g < r->ngroups; g++)
		for (p = 0; p < r->nperiods; p++) {
			tsv_put_str(f, r->group_labels[g]);
			fprintf(f, "\t%s", r->period_labels[p]);
			for (i = 0; i < r->nshow; i++) {
				k = r->show[i];
				fputc('\t', f);
				put_value(f, &r->cols[k],
				          kpi_value(r, g, p, k));
			}
			if (r->ntargets) {
				fputc('\t', f);
				for (i = 0, sep = 0; i < r->nshow; i++) {
					k = r->show[i];
					if (p != r->nperiods - 1 ||
					    !kpi_missed(r, g, k))
						continue;
					fprintf(f, "%s%s", sep ? "," : "",
					        r->cols[k].name);
					sep = 1;
				}
			}
			fputc('\n', f);
		}
}
