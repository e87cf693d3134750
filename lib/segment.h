/*
 * segment.h - the building blocks of rm-segment: input rows matched by
 * column name, quantile scores with ties, ABC tiers, the value x risk
 * grid, the per-segment summary, and seg_run(), which runs a method.
 *
 * Missing values are NaN in the value arrays below; a method never gives
 * them a score or tier (their result is -1, shown with the --missing
 * label).
 */
#ifndef RMKIT_SEGMENT_H
#define RMKIT_SEGMENT_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "expr.h"

/* ---- input ---- */

/*
 * The rows of one or more TSV files as one table.  The first file with a
 * header fixes the columns; a later file's columns are matched by name
 * (a column it lacks reads as missing; a column the first file lacks is
 * an error, EXIT_DATA).  A row with the wrong number of fields, a NUL
 * byte or text that is not UTF-8 ends the program with EXIT_DATA, naming
 * file and line.
 */
struct seg_input;

/* Open paths (npaths of them; none means stdin) and read the header. */
struct seg_input *seg_input_open(char *const *paths, int npaths);

/* Columns of the first header (0 when every input is empty). */
size_t seg_input_ncols(const struct seg_input *in);
const char *seg_input_colname(const struct seg_input *in, size_t i);
int seg_input_column(const struct seg_input *in, const char *name);

/*
 * Read the next row.  Returns 1 and fills *row (fields in the order of
 * the first header, file name and line for messages), or 0 at the end.
 */
int seg_input_next(struct seg_input *in, struct expr_row *row);

/* Rows and bytes read so far (for progress). */
unsigned long long seg_input_rows(const struct seg_input *in);
unsigned long long seg_input_bytes(const struct seg_input *in);

void seg_input_close(struct seg_input *in);

/*
 * Parse field col of row as a number for a method: NaN when empty (or
 * col < 0); dies with EXIT_DATA naming file, line, column and value when
 * the field is not a number, or is negative and nonneg is set.
 */
double seg_field_number(const struct expr_row *row, int col,
                        const char *colname, int nonneg);

/* ---- output rows ---- */

/*
 * Write the fields of row except column skip (-1: none), TAB separated,
 * then a TAB and the label (escaped), then LF.  Fields are written as
 * read (still escaped).
 */
void seg_write_row(FILE *f, const struct expr_row *row, int skip,
                   const char *label);

/* Free the line buffer seg_write_row() and seg_rows_write() keep. */
void seg_write_free(void);

/* Write the header: the input columns except skip, then name. */
void seg_write_header(FILE *f, const struct seg_input *in, int skip,
                      const char *name);

/*
 * Rows kept in memory for the quantile methods: each row's text (the
 * fields except column skip, joined by TABs) in one arena.
 */
struct seg_rows;

struct seg_rows *seg_rows_new(void);
void seg_rows_add(struct seg_rows *rs, const struct expr_row *row, int skip);
/* Write row i's text, a TAB, the label and LF. */
void seg_rows_write(FILE *f, const struct seg_rows *rs, size_t i,
                    const char *label);
void seg_rows_free(struct seg_rows *rs);

/* ---- methods ---- */

/*
 * Quantile scores 1..bins, equal values always sharing a score.  A value
 * with L values below it and c equal to it (itself included) among the n
 * non-missing values has the mid rank L + c/2, and its score is
 * 1 + floor(bins * (L + c/2) / n).  With n distinct values and n a
 * multiple of bins, every score holds n/bins values; all-equal values
 * get the middle score 1 + floor(bins/2).  NaN gives -1.  Integer values
 * in a small range are counted, others sorted once (O(n log n)).
 */
void seg_ntile(const double *v, size_t n, int bins, int *out);

/*
 * ABC tiers by cumulative share: shares[k] are the tier sizes in percent
 * (80, 15, 5), ntiers of them, summing to 100.  Values are taken in
 * descending order; a value's tier is the first k whose cumulative bound
 * (80, 95, 100) is above the share of the total held by the values
 * greater than it, so the largest value is always in tier 0 and equal
 * values share a tier.  When the total is 0 every value is in the last
 * tier.  NaN gives -1.  Values must not be negative.
 */
void seg_tiers(const double *v, size_t n, const double *shares, int ntiers,
               int *out);

/*
 * Levels 0 (low), 1 (medium), 2 (high) for the value x risk grid: by the
 * cut points cuts[0] <= cuts[1] when cuts is not NULL (low below
 * cuts[0], high from cuts[1] up), else by tertiles (seg_ntile() with 3
 * bins, less one).  NaN gives -1.
 */
void seg_levels(const double *v, size_t n, const double *cuts, int *out);

/* The default names of the 9 grid cells, value high to low, then risk
 * low to high within each value level. */
extern const char *const seg_matrix_cells[9];

/* The cell index for a value level and a risk level (each 0..2). */
int seg_matrix_cell(int value_level, int risk_level);

/*
 * The grid cell (0..8) of each of n rows from its value and risk, each
 * levelled by seg_levels() with vcuts and rcuts (NULL: tertiles); -1 when
 * either is missing.
 */
void seg_matrix(const double *value, const double *risk, size_t n,
                const double *vcuts, const double *rcuts, int *out);

/* ---- summary ---- */

/*
 * Counts per segment label, and the sum of a value column per label.
 * Labels are listed in the order they were declared with
 * seg_summary_label() (shown even when no row has them), then in the
 * order first seen.
 */
struct seg_summary;

struct seg_summary *seg_summary_new(void);
void seg_summary_label(struct seg_summary *s, const char *label);
/* Count one row with label; value NaN when missing. */
void seg_summary_add(struct seg_summary *s, const char *label, double value);
/*
 * Write: header "name accounts share" and, with with_value, "value
 * value_share", then one line per label.  Shares are fractions with 4
 * decimals (empty when the total is 0), the value sum has 2 decimals.
 */
void seg_summary_write(FILE *f, const struct seg_summary *s, const char *name,
                       int with_value);
void seg_summary_free(struct seg_summary *s);

/* ---- running a method ---- */

/*
 * What rm-segment was asked to do (its options, parsed and checked): one
 * method, its columns and parameters, the output column and file.
 */
enum seg_method {
	SEG_NONE,
	SEG_RFM,
	SEG_TIERS,
	SEG_NTILE,
	SEG_RULES,
	SEG_MATRIX
};

/* A rule and where it came from, for messages. */
struct seg_rule {
	char *text;
	char *origin; /* "--rule 2" or "FILE:LINE" */
};

struct seg_options {
	enum seg_method method;
	int nmethods;
	const char *name, *def, *missing, *segments, *value, *output;
	int as_of, bins, summary, quiet;
	enum progress_mode progress;
	char *col; /* tiers, ntile: the column */
	double shares[26];
	int nshares, ntile;
	char *value_col, *risk_col;
	double vcuts[2], rcuts[2];
	int has_vcuts, has_rcuts;
	int risk_reverse; /* "-COL": a higher value is less risk */
	char *cells[9];
	int has_cells;
	struct seg_rule *rules;
	size_t nrules, rcap;
	/* quantile methods and RFM, at most one of: */
	const char *cuts;     /* apply the cut points of this file */
	const char *cuts_out; /* also write the cut points to this file */
	int partial;          /* write the value distribution instead */
	int merge;            /* files are partials: write the cut points */
};

/*
 * Run the method of o over the files (nfiles of them; none: stdin) and
 * write the account table with the label column appended (or, with
 * summary, the per-segment summary) to o->output.  Rules stream row by
 * row; the quantile methods keep the rows; RFM reads order events.
 * For the quantile methods and RFM (see segcuts.h): with cuts, levels
 * come from that cuts file instead of the quantiles of the input (RFM:
 * also the as-of day); with cuts_out, the cut points of this run are
 * written to that file after the output; with partial, the output is
 * the partial file of the input's values; with merge, the files are
 * partial files and the output is the cuts file of all their values.
 * Returns EXIT_OK, or EXIT_USAGE after a message when a rule does not
 * compile or bind; bad data ends the program (EXIT_DATA).
 */
int seg_run(const struct seg_options *o, char **files, int nfiles);

#endif
