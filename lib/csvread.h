/*
 * csvread.h - read CSV records with libcsv, line numbers included.
 *
 * RFC 4180 CSV with any one-byte delimiter and quote: quoted fields may
 * hold delimiters, doubled quotes and line ends (LF, CRLF or CR); leading
 * and trailing spaces are kept as they are; blank lines are skipped.  A
 * malformed quote (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote at the end) is an error, and so is a NUL
 * byte (the line holding it is skipped).  A record may not
 * grow past max_record bytes, so a runaway quote is reported at the line
 * where the record began rather than swallowing the file.
 */
#ifndef RMKIT_CSVREAD_H
#define RMKIT_CSVREAD_H

#include <stddef.h>

#include "input.h"

/* Default bound of one record, in bytes. */
#define CSV_MAX_RECORD ((size_t)1024 * 1024)

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

/*
 * Look at the start of the input before anything is parsed (for sniffing
 * the format): fills the first block if needed and returns a pointer to
 * the unread bytes, their count in *len (0 for an empty input).  Valid
 * until the next call of csv_reader_next().
 */
const char *csv_reader_peek(struct csv_reader *r, size_t *len);

/*
 * Change the delimiter and quote character; call before the first
 * csv_reader_next().  A quote of '\0' turns quoting off: every byte
 * between delimiters is data (used for TSV, whose fields never hold a raw
 * TAB or line end).
 */
void csv_reader_set_format(struct csv_reader *r, char delim, char quote);

/*
 * Keep (on) or stop keeping (off) the raw bytes of each record as they
 * were in the input, for csv_reader_raw().  Off by default (it costs a
 * copy of every record).
 */
void csv_reader_keep_raw(struct csv_reader *r, int on);

/*
 * The bytes of the current record (or of the lines a syntax error
 * skipped) as they were in the input, without the final line end, when
 * csv_reader_keep_raw() is on; else an empty string.  At most max_record
 * bytes are kept.
 */
const char *csv_reader_raw(const struct csv_reader *r, size_t *len);

/*
 * Only keep the text of the fields i < n with wanted[i] set (the columns
 * a caller uses): the others still count in csv_reader_nfields() but read
 * as "" of length 0, which saves copying them.  wanted must stay valid
 * while reading; NULL keeps every field (the default).
 */
void csv_reader_select(struct csv_reader *r, const unsigned char *wanted,
                       size_t n);

/*
 * Let blanks (spaces and TABs) around a field go (on) or keep them as
 * data (off, the default); call before the first csv_reader_next().
 * With it on, a quoted field may also have blanks around its quotes
 * (a, "b, c").  Has no effect when TAB is the delimiter or quoting is off.
 */
void csv_reader_trim_blanks(struct csv_reader *r, int on);

/*
 * The current record at once, for callers that read many fields: the
 * record's bytes, and for field i (i < csv_reader_nfields()) its offset
 * into them in off[i] and its length in len[i].  Valid like
 * csv_reader_field().
 */
const char *csv_reader_record(const struct csv_reader *r, const size_t **off,
                              const size_t **len);

/*
 * Split the lines that hold a whole record with well-formed quotes
 * without libcsv (on, the default: the same fields, several times
 * faster), or feed every byte to libcsv (off: for tests that compare
 * the two).  Errors and records spanning lines are always libcsv's.
 */
void csv_reader_fast(struct csv_reader *r, int on);

/* Free the reader (not the input).  NULL is allowed. */
void csv_reader_free(struct csv_reader *r);

#endif
