/*
 * render_html.c - the report as one self-contained HTML page (render.h).
 *
 * No scripts, no external assets: inline CSS (responsive grid for phones,
 * print rules for paper), KPI tiles for the "all" group's current period
 * with the change against the period before, inline SVG line charts of
 * MRR and logo churn over the periods, band distribution bars per group
 * and one table per group.  Every piece of text is HTML-escaped.
 */
#include <math.h>
#include <string.h>

#include "date.h"
#include "render.h"

static const char css[] =
    ":root{--ink:#1d2430;--mute:#5b6575;--line:#d9dee6;--good:#1a7f37;"
    "--bad:#c62828;--bg:#f6f8fa}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:72rem;padding:1rem;color:var(--ink);"
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\n"
    "h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 "
    ".5rem}\n"
    ".sub{color:var(--mute);margin:0 0 1rem}\n"
    ".alert{border:2px solid var(--bad);color:var(--bad);padding:.5rem .8rem;"
    "border-radius:6px;font-weight:600}\n"
    ".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,"
    "1fr));"
    "gap:.6rem}\n"
    ".tile{border:1px solid var(--line);border-radius:8px;padding:.6rem .7rem;"
    "background:var(--bg);break-inside:avoid}\n"
    ".tile .name{color:var(--mute);font-size:.8rem}\n"
    ".tile "
    ".value{overflow-wrap:anywhere;font-size:1.35rem;font-weight:650;font-variant-numeric:tabular-"
    "nums}\n"
    ".tile.miss{border:2px solid var(--bad)}\n"
    ".tile .target{font-size:.75rem;color:var(--bad)}\n"
    ".up,.down,.flat{font-size:.8rem}.good{color:var(--good)}.bad{color:var(--"
    "bad)}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,"
    "1fr));gap:1rem}\n"
    "figure{margin:0;border:1px solid "
    "var(--line);border-radius:8px;padding:.5rem}\n"
    "figcaption{font-weight:600;font-size:.9rem}\n"
    "svg{width:100%;height:auto;display:block}\n"
    ".bars .row{display:flex;align-items:center;gap:.5rem;margin:.25rem 0}\n"
    ".bars .label{flex:0 0 9rem;overflow:hidden;text-overflow:ellipsis;"
    "white-space:nowrap}\n"
    ".bars "
    ".bar{flex:1;display:flex;height:1.1rem;border-radius:4px;overflow:hidden;"
    "background:var(--line)}\n"
    ".bars .seg{height:100%}\n"
    ".legend span{margin-right:1rem;font-size:.85rem}\n"
    ".swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;"
    "margin-right:.3rem;vertical-align:middle}\n"
    ".b0{background:#2e9d4f}.b1{background:#e0a100}.b2{background:#d64541}"
    ".b3{background:#7a5cc0}.b4{background:#8a94a6}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-"
    "nums}\n"
    "th,td{padding:.25rem .5rem;border-bottom:1px solid "
    "var(--line);white-space:nowrap}\n"
    "th{text-align:right;font-weight:600}th:first-child,td:first-child{text-"
    "align:left}\n"
    "td{text-align:right}td.miss{color:var(--bad);font-weight:700}\n"
    "@media (max-width:40rem){body{padding:.5rem;font-size:14px}"
    ".tiles{grid-template-columns:repeat(2,1fr)}.bars "
    ".label{flex-basis:5.5rem}}\n"
    "@media print{body{max-width:none;font-size:11px}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "section,figure,table{break-inside:avoid}.scroll{overflow:visible}"
    ".tiles{grid-template-columns:repeat(4,1fr)}}\n";

static void
html_text(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
}

static const char *
change_class(const struct kpi_col *c, int dir)
{
	int j = render_judge(c, dir);

	return j > 0 ? "good" : j < 0 ? "bad" : "";
}

static void
html_change(FILE *f, const struct report *r, int g, int k)
{
	const struct kpi_col *c = &r->cols[k];
	int cur = r->nperiods - 1, dir;
	char ch[64];

	dir = render_change(ch, sizeof(ch), c, kpi_value(r, g, cur, k),
	                    kpi_prev(r, g, cur, k));
	if (!*ch)
		return;
	fprintf(f, "<span class=\"%s %s\">%s %s</span>",
	        dir > 0   ? "up"
	        : dir < 0 ? "down"
	                  : "flat",
	        change_class(c, dir),
	        dir > 0   ? "▲"
	        : dir < 0 ? "▼"
	                  : "▬",
	        ch);
}

static void
html_tiles(FILE *f, const struct report *r)
{
	int i, k, cur = r->nperiods - 1;
	char v[64], t[64];

	fputs("<section class=\"tiles\" id=\"tiles\">\n", f);
	for (i = 0; i < r->nshow; i++) {
		const struct kpi_col *c = &r->cols[k = r->show[i]];
		int miss = kpi_missed(r, 0, k);

		if (isnan(kpi_value(r, 0, cur, k)))
			continue;
		render_human(v, sizeof(v), c, kpi_value(r, 0, cur, k));
		fprintf(f, "<div class=\"tile%s\" data-kpi=\"",
		        miss ? " miss" : "");
		html_text(f, c->name);
		fputs("\"><div class=\"name\">", f);
		html_text(f, c->title);
		fputs("</div><div class=\"value\">", f);
		html_text(f, v);
		fputs("</div>", f);
		html_change(f, r, 0, k);
		if (miss) {
			render_target(t, sizeof(t), r, k);
			fputs("<div class=\"target\">target missed: ", f);
			html_text(f, t);
			fputs("</div>", f);
		}
		fputs("</div>\n", f);
	}
	fputs("</section>\n", f);
}

/* An SVG line chart of KPI k for group 0 over the shown periods. */
static void
html_chart(FILE *f, const struct report *r, int k)
{
	const struct kpi_col *c = &r->cols[k];
	const double W = 600, H = 220, L = 70, R = 15, T = 15, B = 35;
	double lo = 0, hi = 0, v, x, y;
	int p, n = r->nperiods, any = 0, pen = 0, step;
	char buf[64];

	for (p = 0; p < n; p++) {
		v = kpi_value(r, 0, p, k);
		if (isnan(v))
			continue;
		if (!any || v > hi)
			hi = v;
		if (v < lo)
			lo = v;
		any = 1;
	}
	if (!any)
		return;
	if (hi <= lo)
		hi = lo + 1;
	fprintf(f, "<figure><figcaption>");
	html_text(f, c->title);
	fprintf(f,
	        "</figcaption>\n<svg class=\"chart\" data-kpi=\"%s\" "
	        "viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	        "xmlns=\"http://www.w3.org/2000/svg\"><title>",
	        c->name, W, H);
	html_text(f, c->title);
	fputs(" by period</title>\n", f);
	fprintf(f,
	        "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
	        "stroke=\"#d9dee6\"/>\n",
	        L, H - B, W - R, H - B);
	render_human(buf, sizeof(buf), c, hi);
	fprintf(f,
	        "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" "
	        "text-anchor=\"end\" fill=\"#5b6575\">",
	        L - 6, T + 4);
	html_text(f, buf);
	render_human(buf, sizeof(buf), c, lo);
	fprintf(f,
	        "</text>\n<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" "
	        "text-anchor=\"end\" fill=\"#5b6575\">",
	        L - 6, H - B + 4);
	html_text(f, buf);
	fputs("</text>\n<polyline fill=\"none\" stroke=\"#2f6fdb\" "
	      "stroke-width=\"2.5\" points=\"",
	      f);
	step = n > 8 ? (n + 5) / 6 : 1;
	for (p = 0; p < n; p++) {
		v = kpi_value(r, 0, p, k);
		if (isnan(v))
			continue;
		x = n > 1 ? L + p * (W - L - R) / (n - 1) : (L + W - R) / 2;
		y = T + (hi - v) * (H - T - B) / (hi - lo);
		fprintf(f, "%s%.1f,%.1f", pen++ ? " " : "", x, y);
	}
	fputs("\"/>\n", f);
	for (p = 0; p < n; p++) {
		x = n > 1 ? L + p * (W - L - R) / (n - 1) : (L + W - R) / 2;
		v = kpi_value(r, 0, p, k);
		if (!isnan(v)) {
			y = T + (hi - v) * (H - T - B) / (hi - lo);
			render_human(buf, sizeof(buf), c, v);
			fprintf(f,
			        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
			        "fill=\"#2f6fdb\"><title>%s: ",
			        x, y, r->period_labels[p]);
			html_text(f, buf);
			fputs("</title></circle>\n", f);
		}
		if (p % step == 0 || p == n - 1)
			fprintf(
			    f,
			    "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" "
			    "text-anchor=\"%s\" fill=\"#5b6575\">%s</text>\n",
			    x, H - B + 18,
			    n == 1       ? "middle"
			    : p == 0     ? "start"
			    : p == n - 1 ? "end"
			                 : "middle",
			    r->period_labels[p]);
	}
	fputs("</svg></figure>\n", f);
}

static void
html_charts(FILE *f, const struct report *r)
{
	static const char *const names[] = {"mrr", "logo_churn_rate"};
	int i, k, any = 0;

	for (i = 0; i < 2; i++) {
		k = kpi_find(r, names[i]);
		if (k < 0 || isnan(kpi_value(r, 0, r->nperiods - 1, k)))
			continue;
		if (!any++)
			fputs("<h2>Trends</h2>\n<section class=\"charts\">\n",
			      f);
		html_chart(f, r, k);
	}
	if (any)
		fputs("</section>\n", f);
}

static void
html_bands(FILE *f, const struct report *r)
{
	int g, b, cur = r->nperiods - 1;
	char pct[64];

	if (r->nbands == 0)
		return;
	fputs("<h2>Health bands</h2>\n<section class=\"bars\" id=\"bands\">\n"
	      "<div class=\"legend\">",
	      f);
	for (b = 0; b < r->nbands; b++) {
		fprintf(f, "<span><i class=\"swatch b%d\"></i>", b < 4 ? b : 4);
		html_text(f, r->cols[r->band_first + b].title);
		fputs("</span>", f);
	}
	fputs("</div>\n", f);
	for (g = 0; g < r->ngroups; g++) {
		double total = 0;

		for (b = 0; b < r->nbands; b++) {
			double v = kpi_value(r, g, cur, r->band_first + b);
			total += isnan(v) ? 0 : v;
		}
		fputs("<div class=\"row\"><span class=\"label\">", f);
		html_text(f, r->group_labels[g]);
		fputs("</span><span class=\"bar\">", f);
		for (b = 0; b < r->nbands && total > 0; b++) {
			double v = kpi_value(r, g, cur, r->band_first + b);

			if (isnan(v) || v <= 0)
				continue;
			(void)snprintf(pct, sizeof(pct), "%.2f",
			               100 * v / total);
			fprintf(f,
			        "<span class=\"seg b%d\" style=\"width:%s%%\" "
			        "title=\"",
			        b < 4 ? b : 4, pct);
			html_text(f, r->cols[r->band_first + b].title);
			fprintf(f, ": %.0f\"></span>", v);
		}
		fprintf(f, "</span><span>%.0f</span></div>\n", total);
	}
	fputs("</section>\n", f);
}

static void
html_table(FILE *f, const struct report *r, int g)
{
	int i, k, p, cur = r->nperiods - 1;
	char v[64];

	fputs("<section class=\"group\"><h2>", f);
	html_text(f, r->group_labels[g]);
	fputs("</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>KPI</th>",
	      f);
	for (p = 0; p < r->nperiods; p++)
		fprintf(f, "<th>%s</th>", r->period_labels[p]);
	fputs("<th>change</th></tr></thead>\n<tbody>\n", f);
	for (i = 0; i < r->nshow; i++) {
		const struct kpi_col *c = &r->cols[k = r->show[i]];

		fputs("<tr><td>", f);
		html_text(f, c->title);
		fputs("</td>", f);
		for (p = 0; p < r->nperiods; p++) {
			int miss = p == cur && kpi_missed(r, g, k);

			render_human(v, sizeof(v), c, kpi_value(r, g, p, k));
			fputs(
			    miss ? "<td class=\"miss\" title=\"target missed\">"
			         : "<td>",
			    f);
			html_text(f, v);
			fputs(miss ? " ✗</td>" : "</td>", f);
		}
		fputs("<td>", f);
		html_change(f, r, g, k);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></div></section>\n", f);
}

void
render_html(FILE *f, const struct report *r)
{
	char day[DATE_BUFSIZE];
	int g;

	date_format(r->as_of, day);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	      "charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n"
	      "<title>KPI report ",
	      f);
	fputs(day, f);
	fputs("</title>\n<style>\n", f);
	fputs(css, f);
	fputs("</style>\n</head>\n<body>\n<header><h1>KPI report</h1>\n<p "
	      "class=\"sub\">",
	      f);
	fprintf(f, "%s periods, as of %s, current period %s",
	        period_unit_name(r->unit), day,
	        r->period_labels[r->nperiods - 1]);
	if (r->by_label && *r->by_label) {
		fputs(", by ", f);
		html_text(f, r->by_label);
	}
	fputs("</p></header>\n", f);
	if (r->nmissed)
		fprintf(
		    f,
		    "<p class=\"alert\" id=\"missed\">%d target%s missed</p>\n",
		    r->nmissed, r->nmissed == 1 ? "" : "s");
	html_tiles(f, r);
	html_charts(f, r);
	html_bands(f, r);
	for (g = 0; g < r->ngroups; g++)
		html_table(f, r, g);
	fputs("</body>\n</html>\n", f);
}
