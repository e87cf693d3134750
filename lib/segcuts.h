/*
 * segcuts.h - cut points of rm-segment's quantile methods, so that data
 * split into shards by account is segmented exactly as in one run.
 *
 * A quantile method (--ntile, --tiers, the --matrix tertiles, the RFM
 * scores) gives each value a level 0..n-1, and the level never goes down
 * as the value goes up.  So the levels of all the values are described
 * by n-1 cut points: from[L] is the smallest value whose level is L or
 * more (INFINITY when no value reaches L).  The level of any value v is
 * then the number of cut points <= v; for the values of the data this is
 * exactly the level the method gave them.
 *
 * Two files carry the cut points and the distributions they come from
 * (TSV, first line the header, columns found by name, the first column
 * the format version, 1):
 *
 *   cuts file     version scale level from
 *                 one row per scale and level 1..n-1 (level is the label
 *                 of that level: "2" for a bin, "B" for a tier, "medium"
 *                 or "high" for a grid level), from empty when no value
 *                 reaches it; RFM adds a row of scale "as-of", level
 *                 empty, from the day recency is measured to.
 *   partial file  version scale value count
 *                 the distinct values of each scale of one shard,
 *                 ascending, with how many times each occurs.
 *
 * A scale is named by the column it reads ("arr"), with a leading '-'
 * when the method uses the negated value ("-health" for a reversed risk
 * column, "-recency" for RFM recency); values and cut points are on that
 * scale.  Numbers are written in the shortest form that reads back as
 * the same double, so cut points compare exactly.
 */
#ifndef RMKIT_SEGCUTS_H
#define RMKIT_SEGCUTS_H

#include <stddef.h>
#include <stdio.h>

#include "stats.h"

#define SEG_CUTS_VERSION "1"

/*
 * One scale: its name, its level labels in ascending order and the cut
 * points from[1..nlevels-1] (from[0] is -INFINITY).  The name and labels
 * are borrowed: they must outlive the scale.
 */
struct seg_scale {
	const char *name;
	const char *const *labels;
	int nlevels;
	double *from;
};

/* The scales of one method; as_of (a day number, or INT_MIN) for RFM. */
struct seg_cuts {
	struct seg_scale scale[3];
	int nscales;
	int has_as_of; /* the file has (or must have) an as-of row */
	int as_of;
};

/* Set up scale k of c (from[] allocated, all INFINITY). */
void seg_cuts_scale(struct seg_cuts *c, int k, const char *name,
                    const char *const *labels, int nlevels);

/*
 * Set the cut points of scale k from n values and the level (0..n-1, -1
 * for a missing value, which is skipped) the method gave each.
 */
void seg_cuts_derive(struct seg_cuts *c, int k, const double *v,
                     const int *level, size_t n);

/* The level of v on scale k: the number of cut points <= v; -1 for NaN. */
int seg_cuts_level(const struct seg_cuts *c, int k, double v);

/* Write the cuts file. */
void seg_cuts_write(FILE *f, const struct seg_cuts *c);

/*
 * Read the cut points of a cuts file into c, whose scales (names,
 * labels, levels) and has_as_of say what the file must hold: exactly
 * those rows, in that order; when c->as_of is not INT_MIN, the as-of
 * row must give that day.  Any other content ends the program with
 * EXIT_DATA as "path:line: column 'c': what", naming the options the
 * file does not fit.
 */
void seg_cuts_read(const char *path, struct seg_cuts *c);

void seg_cuts_free(struct seg_cuts *c);

/* ---- partial files ---- */

/* Write the header of a partial file. */
void seg_partial_header(FILE *f);

/*
 * Write the n values of v (NaN skipped) as rows of the scale: distinct
 * values ascending with their counts.  Dates (is_date) are written
 * YYYY-MM-DD (the values are day numbers).  v is sorted in place.
 */
void seg_partial_write(FILE *f, const char *scale, double *v, size_t n,
                       int is_date);

/* What a partial file may hold: a scale, whether it is dates, and the
 * values read for it (each value count times). */
struct seg_partial_scale {
	const char *name;
	int is_date;
	struct dvec values;
	size_t files; /* how many files had at least one row of it */
};

/*
 * Read the partial files (npaths of them; none: stdin) and append each
 * row's value count times to the values of its scale.  A row of a scale
 * not in the list, a bad version, value or count ends the program with
 * EXIT_DATA, naming file, line and column.
 */
void seg_partial_read(char *const *paths, int npaths,
                      struct seg_partial_scale *scales, int nscales);

#endif
