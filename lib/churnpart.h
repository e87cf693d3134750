/*
 * churnpart.h - the partial files of rm-churn --partial and their reader.
 *
 * A partial is a TSV whose first two columns are
 *
 *	partial  the signature: "rm-churn/1", the kind (periods, cohorts,
 *		 renewals, summary) and every option that changes the
 *		 figures, e.g. "rm-churn/1 periods period=month from=2024-01
 *		 to= as-of= by=owner"; the same on every row
 *	record   what the row is: "first", "last", "as_of", "row", ... and
 *		 "end" on the last line
 *
 * then the columns of the kind.  The end record holds, in the third
 * column, the number of records before it, so a partial cut short is
 * noticed.  A merge takes the signature of the first record it reads and
 * rejects any other (parts made with other options).
 */
#ifndef RMKIT_CHURNPART_H
#define RMKIT_CHURNPART_H

#include <stdint.h>

#include "churnout.h"
#include "date.h"

#define CP_VERSION "rm-churn/1"

/* The signature parsed. */
struct cp_sig {
	char kind[16];
	enum period_unit unit; /* period= (month when absent) */
	int has_unit;
	char *by;    /* by= value ("" when none), owned */
	char *as_of; /* as-of= value, owned */
};

/*
 * A signature (malloc'd) from the kind and "name=value" options, given as
 * n pairs of strings (a NULL value is written empty).
 */
char *cp_signature(const char *kind, int n, const char *const *pairs);

/* Declare the columns partial, record, then the kind's ncols columns. */
void cp_columns(struct churn_out *o, const char *const *cols, int ncols);

/* Begin a record: its signature and record cells. */
void cp_record(struct churn_out *o, const char *sig, const char *record);

/*
 * Write the end record after nrecords records, in a table of ncols kind
 * columns.
 */
void cp_end(struct churn_out *o, const char *sig, long nrecords, int ncols);

struct cp_reader;

/*
 * Open the partial at path ("-": stdin) of the given kind, whose columns
 * must include the kind's ncols columns cols (found by name).  *sig is
 * the signature of the merge: NULL until the first record, then the
 * first record's (owned by the caller, free()).  Dies with EXIT_DATA when
 * the file is empty or not such a partial.
 */
struct cp_reader *cp_open(const char *path, const char *kind,
                          const char *const *cols, int ncols, char **sig);

/*
 * The next record: returns its record name, or NULL after the end record
 * at the end of the file.  Dies (naming file, line and column) on a bad
 * row, another signature, another kind, a record after the end record,
 * a wrong count in it, or no end record.
 */
const char *cp_next(struct cp_reader *r);

/* Close and free.  NULL is allowed. */
void cp_close(struct cp_reader *r);

/* Field i (0-based among the kind's columns) of the record, escaped. */
const char *cp_text(struct cp_reader *r, int i);

/* Field i as a whole number in [lo, hi]. */
int64_t cp_count(struct cp_reader *r, int i, int64_t lo, int64_t hi);

/* Field i as an amount of money, in cents. */
int64_t cp_money(struct cp_reader *r, int i);

/* Field i as a period label of unit, or a date (YYYY-MM-DD). */
int cp_period(struct cp_reader *r, int i, enum period_unit unit);
int cp_date(struct cp_reader *r, int i);

/* Die with EXIT_DATA: "FILE:LINE: column 'NAME': " and the message. */
void cp_fail(struct cp_reader *r, int i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

/* Die with EXIT_DATA: "FILE:LINE: " and the message. */
void cp_fail_line(struct cp_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Parse a signature into s (s->by, s->as_of freed by cp_sig_free()). */
void cp_sig_parse(const char *sig, struct cp_sig *s);
void cp_sig_free(struct cp_sig *s);

/*
 * The first signature of a merge: unless *parsed, parse sig into s, set
 * *parsed, and when has_unit check that the parts were made with *unit
 * (else a data error naming r's file and line); then *unit is the
 * parts' unit.  Later calls do nothing.
 */
void cp_sig_first(struct cp_reader *r, const char *sig, struct cp_sig *s,
                  int *parsed, int has_unit, enum period_unit *unit);

/*
 * Group checks of a file, for kinds whose rows come per group in byte
 * order and per group over consecutive periods lo .. hi: call
 * cp_seq_row() for each row's group and period (returns 1 when the group
 * is new), cp_seq_end() at the end.  Dies on rows out of order or
 * missing.
 */
struct cp_seq {
	int lo, hi; /* set by the caller */
	char *group;
	int next, active;
};
int cp_seq_row(struct cp_seq *q, struct cp_reader *r, int group_field,
               int period_field, int period);
void cp_seq_end(struct cp_seq *q, struct cp_reader *r);

/*
 * The periods a part covers: its first (the --from period, else that of
 * its earliest event) and last (the --to period, else that of its as-of
 * date), each unknown when the part has no such event.  The periods of
 * a merge are the earliest first and the latest last.
 */
struct cp_range {
	int has_first, first, has_last, last;
};

/* Widen into to cover part. */
void cp_range_add(struct cp_range *into, const struct cp_range *part);

/*
 * Write the "first" and "last" records of g (those known), the period
 * label in kind column field of ncols, the other columns missing.
 * Returns the number of records written.
 */
int cp_range_write(struct churn_out *o, const char *sig,
                   const struct cp_range *g, enum period_unit unit, int field,
                   int ncols);

/*
 * When rec is "first" or "last", read it into g (period in kind column
 * field) and return 1; else return 0.  Dies when one is repeated or
 * comes after a row (rows_seen).
 */
int cp_range_read(struct cp_reader *r, const char *rec, struct cp_range *g,
                  enum period_unit unit, int field, int rows_seen);

#endif
