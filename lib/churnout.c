/*
 * churnout.c - rm-churn's tables written as TSV or as aligned text.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "churnout.h"
#include "num.h"
#include "tsv.h"
#include "xalloc.h"

struct churn_out {
	FILE *f;
	int text;
	size_t ncols, colcap;
	char **names;
	enum churn_col *kinds;
	size_t col;      /* column of the next cell */
	int header_done; /* TSV: the header was written */
	char **cells;    /* text: every cell, row by row */
	size_t ncells, cellcap;
};

struct churn_out *
churn_out_new(FILE *f, int text)
{
	struct churn_out *o = xcalloc(1, sizeof(*o));

	o->f = f;
	o->text = text;
	return o;
}

void
churn_out_column(struct churn_out *o, const char *name, enum churn_col kind)
{
	grow_array((void **)&o->names, &o->colcap, o->ncols + 1,
	           sizeof(o->names[0]));
	o->kinds = xreallocarray(o->kinds, o->colcap, sizeof(o->kinds[0]));
	o->names[o->ncols] = xstrdup(name);
	o->kinds[o->ncols] = kind;
	o->ncols++;
}

static void
tsv_header(struct churn_out *o)
{
	size_t i;

	if (o->header_done)
		return;
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			putc('\t', o->f);
		fputs(o->names[i], o->f);
	}
	putc('\n', o->f);
	o->header_done = 1;
}

/* Start a cell: the separator in TSV, nothing in text. */
static void
begin_cell(struct churn_out *o)
{
	if (o->text)
		return;
	tsv_header(o);
	if (o->col > 0)
		putc('\t', o->f);
}

static void
keep_cell(struct churn_out *o, const char *s)
{
	grow_array((void **)&o->cells, &o->cellcap, o->ncells + 1,
	           sizeof(o->cells[0]));
	o->cells[o->ncells++] = xstrdup(s);
}

void
churn_out_str(struct churn_out *o, const char *s)
{
	begin_cell(o);
	if (o->text) {
		size_t len = strlen(s);
		char *plain = xmalloc(len + 1);

		tsv_unescape(s, len, plain);
		keep_cell(o, plain);
		free(plain);
	} else {
		fputs(s, o->f); /* already escaped */
	}
	o->col++;
}

static void
put_formatted(struct churn_out *o, const char *buf)
{
	begin_cell(o);
	if (o->text)
		keep_cell(o, buf);
	else
		fputs(buf, o->f);
	o->col++;
}

void
churn_out_count(struct churn_out *o, long long n)
{
	char buf[32];

	(void)snprintf(buf, sizeof(buf), "%lld", n); /* fits */
	put_formatted(o, buf);
}

void
churn_out_money(struct churn_out *o, int64_t cents)
{
	char buf[40];
	unsigned long long a =
	    cents < 0 ? -(unsigned long long)cents : (unsigned long long)cents;

	(void)snprintf(buf, sizeof(buf), "%s%llu.%02llu", /* fits */
	               cents < 0 ? "-" : "", a / 100, a % 100);
	put_formatted(o, buf);
}

void
churn_out_rate(struct churn_out *o, double num, double den)
{
	char buf[64];
	size_t len;

	if (den == 0) {
		churn_out_missing(o);
		return;
	}
	if (o->text) {
		num_format(buf, sizeof(buf) - 1, 100 * num / den, 2);
		len = strlen(buf);
		buf[len] = '%';
		buf[len + 1] = '\0';
	} else {
		num_format(buf, sizeof(buf), num / den, NUM_RATE_DECIMALS);
	}
	put_formatted(o, buf);
}

void
churn_out_ratio(struct churn_out *o, double num, double den)
{
	if (den == 0)
		churn_out_missing(o);
	else
		churn_out_real(o, num / den, o->text ? 2 : NUM_RATE_DECIMALS);
}

void
churn_out_real(struct churn_out *o, double v, int decimals)
{
	char buf[64];

	if (!isfinite(v)) {
		churn_out_missing(o);
		return;
	}
	num_format(buf, sizeof(buf), v, decimals);
	put_formatted(o, buf);
}

void
churn_out_missing(struct churn_out *o)
{
	put_formatted(o, o->text ? "-" : "");
}

void
churn_out_end_row(struct churn_out *o)
{
	if (!o->text)
		putc('\n', o->f);
	o->col = 0;
}

static void
text_cell(FILE *f, const char *s, size_t width, enum churn_col kind, int last)
{
	size_t len = strlen(s);

	if (kind == COL_NUMBER)
		fprintf(f, "%*s%s", (int)(width - len), "", s);
	else if (last)
		fputs(s, f);
	else
		fprintf(f, "%s%*s", s, (int)(width - len), "");
}

static void
text_table(struct churn_out *o)
{
	size_t *width = xcalloc(o->ncols ? o->ncols : 1, sizeof(*width));
	size_t i, c, len;

	assert(o->ncols > 0 || o->ncells == 0); /* cells are in columns */
	for (c = 0; c < o->ncols; c++)
		width[c] = strlen(o->names[c]);
	for (i = 0; i < o->ncells; i++) {
		len = strlen(o->cells[i]);
		if (len > width[i % o->ncols])
			width[i % o->ncols] = len;
	}
	for (c = 0; c < o->ncols; c++) {
		if (c > 0)
			fputs("  ", o->f);
		text_cell(o->f, o->names[c], width[c], o->kinds[c],
		          c + 1 == o->ncols);
	}
	putc('\n', o->f);
	for (i = 0; i < o->ncells; i++) {
		c = i % o->ncols;
		if (c > 0)
			fputs("  ", o->f);
		text_cell(o->f, o->cells[i], width[c], o->kinds[c],
		          c + 1 == o->ncols);
		if (c + 1 == o->ncols)
			putc('\n', o->f);
	}
	free(width);
}

void
churn_out_finish(struct churn_out *o)
{
	size_t i;

	if (o->text)
		text_table(o);
	else
		tsv_header(o);
	for (i = 0; i < o->ncols; i++)
		free(o->names[i]);
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->names);
	free(o->kinds);
	free(o->cells);
	free(o);
}
