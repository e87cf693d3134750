/*
 * churnout.h - rm-churn's tables written as TSV or as aligned text.
 *
 * A table is declared column by column, then filled cell by cell, row by
 * row.  TSV is streamed: rates as fractions with NUM_RATE_DECIMALS, money
 * with NUM_MONEY_DECIMALS, a missing value (a rate whose denominator is 0)
 * as an empty field.  Text is kept until churn_out_finish(), then printed
 * with every column aligned (numbers to the right), rates as percentages
 * with two decimals and a missing value as "-".
 */
#ifndef RMKIT_CHURNOUT_H
#define RMKIT_CHURNOUT_H

#include <stdint.h>
#include <stdio.h>

enum churn_col { COL_TEXT, COL_NUMBER };

struct churn_out;

/* A new table written to f, as text when text is set, else TSV. */
struct churn_out *churn_out_new(FILE *f, int text);

/* Declare the next column (before the first cell). */
void churn_out_column(struct churn_out *o, const char *name,
                      enum churn_col kind);

/* Cells, left to right: a string (escaped form) ... */
void churn_out_str(struct churn_out *o, const char *s);
/* ... a count ... */
void churn_out_count(struct churn_out *o, long long n);
/* ... an amount of money given in cents ... */
void churn_out_money(struct churn_out *o, int64_t cents);
/* ... the rate num / den, missing when den is 0 ... */
void churn_out_rate(struct churn_out *o, double num, double den);
/* ... the ratio num / den (not a percentage in text), missing when den is 0 ...
 */
void churn_out_ratio(struct churn_out *o, double num, double den);
/* ... a plain number with this many decimals (NaN: missing) ... */
void churn_out_real(struct churn_out *o, double v, int decimals);
/* ... or a missing value. */
void churn_out_missing(struct churn_out *o);

/* End the current row. */
void churn_out_end_row(struct churn_out *o);

/* Write what is pending (the header when there was no row) and free o. */
void churn_out_finish(struct churn_out *o);

#endif
