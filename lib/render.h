/*
 * render.h - write a finished KPI report (kpi.h) in one format.
 *
 * Every renderer walks the same list: r->show (the KPIs selected with
 * --kpi) for each group (0 is "all") and each shown period.  A value that
 * is NaN is left out (an empty field, no JSON key, "-" for people).  A
 * missed target (r->missed, current period) is marked in every format.
 * Output is deterministic: no current date or time appears.
 */
#ifndef RMKIT_RENDER_H
#define RMKIT_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "kpi.h"

/* Long TSV: group, period, kpi, value (and target with --targets). */
void render_tsv_long(FILE *f, const struct report *r);

/* Wide TSV: group, period, then one column per KPI (and missed). */
void render_tsv_wide(FILE *f, const struct report *r);

/* One JSON document. */
void render_json(FILE *f, const struct report *r);

/* Aligned text tables; colour adds ANSI colours to the changes. */
void render_text(FILE *f, const struct report *r, int colour);

/* GitHub-flavoured Markdown. */
void render_markdown(FILE *f, const struct report *r);

/* One self-contained HTML page (inline CSS and SVG, no scripts). */
void render_html(FILE *f, const struct report *r);

/* ---- helpers shared by the renderers (render_util.c) ---- */

/* Machine form of v: rates 4 decimals, money/days/scores 2, counts 0. */
void render_machine(char *buf, size_t size, const struct kpi_col *c, double v);

/*
 * Human form of v: "1,234", "12,345.67", "4.2%", "12.5"; "-" for NaN.
 */
void render_human(char *buf, size_t size, const struct kpi_col *c, double v);

/*
 * The change from prev to cur for people: rates in percentage points
 * ("+1.2 pp"), scores in points ("+2.0"), other units relative ("+5.0%").
 * Empty when either value is missing (or prev is 0 for a relative
 * change).  Returns the direction: 1 up, -1 down, 0 flat or unknown.
 */
int render_change(char *buf, size_t size, const struct kpi_col *c, double cur,
                  double prev);

/* The arrow for direction dir: "↑" up, "↓" down, "→" flat. */
const char *render_arrow(int dir);

/* 1 when a move in direction dir is good for c, -1 bad, 0 neither. */
int render_judge(const struct kpi_col *c, int dir);

/* The human form of the target for KPI k ("<= 2.0%"), or "". */
void render_target(char *buf, size_t size, const struct report *r, int k);

/* The unit's name: "count", "money", "rate", "days", "score", "number". */
const char *render_unit_name(enum kpi_unit u);

#endif
