/*
 * tsv.h - read and write rmkit TSV records.
 *
 * The record format (DESIGN.md): the first line is a header of column
 * names; fields are separated by TAB; a field never holds a raw TAB, LF,
 * CR or backslash, which are written \t, \n, \r and \\.  An empty field is
 * a missing value.
 *
 * The reader splits each line in place: no allocation per field or row.
 * Field pointers are valid until the next call of tsv_next().  Lines that
 * are entirely empty are skipped.
 */
#ifndef RMKIT_TSV_H
#define RMKIT_TSV_H

#include <stddef.h>
#include <stdio.h>

struct tsv_reader;

/*
 * Open path ("-" for stdin; gzip allowed) and read its header.  An empty
 * input has no columns and no rows.  Exits like input_open() on failure,
 * and with EXIT_DATA when the header holds a NUL byte or a name that is
 * not UTF-8 (utf8.h).
 */
struct tsv_reader *tsv_open(const char *path);

/* The file name for messages ("stdin" for "-"). */
const char *tsv_name(const struct tsv_reader *r);

/* Number of header columns and the name of column i (escaped form). */
size_t tsv_ncols(const struct tsv_reader *r);
const char *tsv_colname(const struct tsv_reader *r, size_t i);

/* Index of the column called name, or -1 when the header lacks it. */
int tsv_column(const struct tsv_reader *r, const char *name);

/*
 * Read the next row.  Returns 1 for a row with as many fields as the
 * header, 0 at the end of the input, and -1 for a bad row (a NUL byte, a
 * different number of fields, or a field that is not UTF-8, checked in
 * that order); tsv_error() then says what is wrong and the fields that
 * were read stay available.  Lines of plain ASCII are told apart while
 * they are split, so the UTF-8 check costs nothing for them.
 */
int tsv_next(struct tsv_reader *r);

/*
 * The reason for the last -1 from tsv_next(), e.g. "3 fields, header has
 * 4" or "column 'owner': invalid UTF-8 (byte 0xE9 at byte 4 of the
 * field; ...)".
 */
const char *tsv_error(const struct tsv_reader *r);

/* Number of fields in the current row. */
size_t tsv_nfields(const struct tsv_reader *r);

/*
 * Field i of the current row, NUL terminated, still escaped; "" when the
 * row has fewer fields or i is negative (so a missing optional column
 * reads as a missing value).
 */
const char *tsv_field(const struct tsv_reader *r, int i);

/* Length of field i, 0 where tsv_field() gives "". */
size_t tsv_field_len(const struct tsv_reader *r, int i);

/*
 * The whole current row at once, for hot loops: the array of
 * tsv_nfields() field pointers, and in *lens their lengths.  Valid until
 * the next tsv_next().
 */
const char *const *tsv_row(const struct tsv_reader *r, const size_t **lens);

/* Physical line number of the current row (the header is line 1). */
long tsv_lineno(const struct tsv_reader *r);

/* Decompressed bytes read so far (for progress reports). */
unsigned long long tsv_bytes(const struct tsv_reader *r);

/*
 * For a plain (not compressed) regular file with LF or CRLF line ends:
 * the offset in the file of the line the next tsv_next() reads (or of
 * the end).  -1 for any other input.
 */
long long tsv_offset(const struct tsv_reader *r);

/* input_size() of the reader's input: a plain file's size, else -1. */
long long tsv_size(const struct tsv_reader *r);

/*
 * For an input tsv_offset() accepts: read the lines in bytes start up to
 * end of the file from now on, forgetting what was buffered.  start must
 * be the start of a line and end the start of a line or the file's end.
 * Line numbers go on from the current one, so they are the file's only
 * when start is tsv_offset().  Returns 0, or -1 (nothing changes) when
 * the input is not such a file.  Lets several readers, each with the
 * header, read parts of one file on several threads.
 */
int tsv_read_range(struct tsv_reader *r, long long start, long long end);

/* Close and free the reader.  NULL is allowed. */
void tsv_close(struct tsv_reader *r);

/*
 * Undo the escapes of the len bytes at s into out, which must have room
 * for len + 1 bytes (unescaping never lengthens).  Unknown escapes such
 * as "\x" are kept as they are.  Returns the new length; out is NUL
 * terminated.  out may equal s.
 */
size_t tsv_unescape(const char *s, size_t len, char *out);

/* Write len bytes of s as one field, escaping TAB, LF, CR and backslash. */
void tsv_put_field(FILE *f, const char *s, size_t len);

/* tsv_put_field() of a NUL-terminated string. */
void tsv_put_str(FILE *f, const char *s);

/*
 * Write v with the given number of decimals (money: 2), without "-0.00";
 * a NaN or infinite v is written as an empty field (missing).
 */
void tsv_put_fixed(FILE *f, double v, int decimals);

/* Write v in the shortest form that reads back exactly; NaN: empty. */
void tsv_put_num(FILE *f, double v);

/* Write an integer. */
void tsv_put_long(FILE *f, long long v);

/* Write a day number as YYYY-MM-DD. */
void tsv_put_date(FILE *f, int day);

#endif
