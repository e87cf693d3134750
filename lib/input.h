/*
 * input.h - read a file or stdin, plain or gzip, as bytes or as lines.
 *
 * An input is opened by path; "-" is standard input.  Gzip compression is
 * recognised by content (also on a pipe) and undone transparently; a
 * truncated or corrupt gzip stream is reported with the file name and the
 * program exits with EXIT_DATA.  A UTF-8 byte order mark at the start is
 * removed; UTF-16 input is refused with a hint to convert it.
 *
 * Use either input_read() or input_getline() on one input, not both
 * (except through input_unread()).
 */
#ifndef RMKIT_INPUT_H
#define RMKIT_INPUT_H

#include <stddef.h>
#include <sys/types.h>

struct input;

/*
 * Open path ("-" for stdin).  On failure reports "cannot open 'path'"
 * with the system's reason and exits with EXIT_SYSTEM.
 */
struct input *input_open(const char *path);

/*
 * For a program given several inputs: whether path ("-" always can) can
 * be opened now.  When it cannot, says "cannot open 'path': reason
 * (skipped, the other files are read)", remembers EXIT_SYSTEM for the
 * program's exit status (warn_later()) and returns 0, so the caller
 * skips it and goes on with the rest.
 */
int input_can_open(const char *path);

/* The name used in messages: the path, or "stdin" for "-". */
const char *input_name(const struct input *in);

/*
 * Read up to n decompressed bytes into buf.  Returns the number read,
 * 0 at the end of the input.  Read errors and corrupt compressed data
 * end the program with a message naming the file.
 */
size_t input_read(struct input *in, void *buf, size_t n);

/*
 * Read the next line.  Lines end with LF, CRLF or CR; the kind is decided
 * by the first line end in the input (a file using bare CR throughout is
 * read as such).  *line points at the line without its terminator, NUL
 * terminated, valid until the next call; *len is its length (a line may
 * hold NUL bytes, so use *len).  The buffer grows to the longest line and
 * no further.  Returns 1 for a line, 0 at the end of the input.
 */
int input_getline(struct input *in, char **line, size_t *len);

/*
 * Give back the n bytes at buf, obtained from input_read(), so that
 * input_getline() reads them first: a reader that looked at the start of
 * the input can leave the rest to input_getline().  Call it before the
 * first input_getline().
 */
void input_unread(struct input *in, const void *buf, size_t n);

/*
 * For a plain (not compressed) regular file that has been read with
 * input_read() only: the offset in the file of the next byte
 * input_read() would return.  -1 for any other input (stdin, a pipe,
 * gzip, a file read by lines).
 */
long long input_offset(const struct input *in);

/*
 * The size in bytes of a plain (not compressed) regular file, from the
 * file already open (no second look by name); -1 for any other input.
 */
long long input_size(const struct input *in);

/*
 * For an input input_offset() accepts: read the bytes from offset start
 * up to (not including) offset end of the file from now on, as if they
 * were the whole rest of it.  Bytes already returned stay returned; the
 * caller forgets what it buffered.  Returns 0, or -1 (and nothing
 * changes) when the input is not such a file or the range is not one.
 */
int input_read_range(struct input *in, long long start, long long end);

/*
 * For a reader on a thread that must not report errors itself (see
 * recpipe.h): with on set, a read error or bad gzip data no longer ends
 * the program but ends the input there (input_read() returns 0, as at
 * the end) and is kept for input_failed(); off (the default) ends the
 * program as described above.  The UTF-16 check of the first read
 * always ends the program.
 */
void input_keep_errors(struct input *in, int on);

/*
 * The error kept by input_keep_errors(): 0 when there is none, else the
 * exit status the program would have ended with, and in *msg the
 * message it would have printed (after "prog: "), valid until
 * input_close().
 */
int input_failed(const struct input *in, const char **msg);

/* The number of the line last returned by input_getline(), from 1. */
long input_lineno(const struct input *in);

/* Total decompressed bytes delivered so far (for progress reports). */
unsigned long long input_bytes(const struct input *in);

/* Close the input and free it.  NULL is allowed. */
void input_close(struct input *in);

#endif
