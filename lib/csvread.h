/*
 * csvread.h - read CSV records with libcsv, line numbers included.
 *
 * RFC 4180 CSV with any one-byte delimiter and quote: quoted fields may
 * hold delimiters, doubled quotes and line ends (LF, CRLF or CR); leading
 * and trailing spaces are kept as they are; blank lines are skipped.  A
 * malformed quote (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote at the end) is an error.  A record may not
 * grow past max_record bytes, so a runaway quote is reported at the line
 * where the record began rather than swallowing the file.
 */
#ifndef RMKIT_CSVREAD_H
#define RMKIT_CSVREAD_H

#include <stddef.h>

#include "input.h"

/* Default bound of one record, in bytes. */
#define CSV_MAX_RECORD (1024 * 1024)

struct csv_reader;

/*
 * Start reading CSV from in (which stays owned by the caller) with the
 * given delimiter and quote characters and record size bound (0 for
 * CSV_MAX_RECORD).
 */
struct csv_reader *csv_reader_new(struct input *in, char delim, char quote,
				  size_t max_record);

/*
 * Read the next record.  Returns 1 for a record, 0 at the end, -1 on a
 * syntax error: csv_reader_error() says what, csv_reader_line() where.
 * After an error the reader resynchronises at the next line end outside
 * quotes, so reading may go on.
 */
int csv_reader_next(struct csv_reader *r);

/* Fields of the current record: count, bytes (NUL terminated), length. */
size_t csv_reader_nfields(const struct csv_reader *r);
const char *csv_reader_field(const struct csv_reader *r, size_t i);
size_t csv_reader_field_len(const struct csv_reader *r, size_t i);

/* Physical line on which the current record (or the error) began. */
long csv_reader_line(const struct csv_reader *r);

/* Physical line on which the current record ended. */
long csv_reader_end_line(const struct csv_reader *r);

/* What went wrong, after csv_reader_next() returned -1. */
const char *csv_reader_error(const struct csv_reader *r);

/* Free the reader (not the input).  NULL is allowed. */
void csv_reader_free(struct csv_reader *r);

#endif
