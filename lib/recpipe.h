/*
 * recpipe.h - parse CSV records on a second thread.
 *
 * libcsv's parsing is most of what rm-import does with plain CSV; the
 * rest (mapping, dates, amounts, writing) runs on the caller's thread.
 * A recpipe runs csv_reader_next() on its own thread, which copies the
 * records into batches and hands them over, so that parsing and the
 * caller's work overlap on a machine with more than one processor.
 *
 * The caller sees exactly what csv_reader_next() would have given it,
 * in the same order: records, syntax errors (with their line, message
 * and skipped bytes) and the end.  A read error or bad gzip data met by
 * the parsing thread is passed on in the stream too: recpipe_next()
 * reports it (die(), with the text input_read() would have printed)
 * when the caller reaches that point, after every record before it.
 * The parsing thread itself prints nothing (it may only die when memory
 * runs out).
 *
 * Whether a thread is used (recpipe_threads()): RMKIT_THREADS=1 in the
 * environment reads on the caller's thread only; RMKIT_THREADS=2 (or
 * more) starts the parsing thread at the first record, whatever the size
 * of the input; otherwise the records are read on the caller's thread.
 * In RECPIPE_AUTO mode (chosen by a caller) the records are read on the
 * caller's thread until RECPIPE_START_BYTES of input have been read, and
 * only then the thread starts (a small input costs no thread).  When a
 * thread cannot be started, the records are read on the caller's thread.
 *
 * Why one thread is the default (rm-import -p salesforce-opportunities
 * on the bench CSV, 2 cores shared with other jobs): the reader now
 * splits most lines itself (csvread.c, fast_line()), so one thread takes
 * about 2 s of CPU for 1 GB, half the minimal libcsv loop's 3.8 s.  With
 * the thread, callgrind counts 9% more instructions (525M against 571M
 * on 20 MB: the records are copied into batches), 329M of them on the
 * caller's thread and 242M on the parsing thread, so on two idle cores a
 * run could take two thirds of the time; on the busy cores the runs were
 * no shorter and took 5% to 15% more CPU.  Before that reader, on two
 * quiet cores, the thread lost outright (5.17 s and 7.7 s CPU against
 * 4.63 s and 4.4 s).
 */
#ifndef RMKIT_RECPIPE_H
#define RMKIT_RECPIPE_H

#include <stddef.h>

#include "csvread.h"
#include "input.h"

/* Input read on the caller's thread before the automatic start. */
#define RECPIPE_START_BYTES ((unsigned long long)1024 * 1024)

/* Bytes of records in one batch handed over. */
#define RECPIPE_BATCH_BYTES ((size_t)128 * 1024)

/* How records are read (recpipe_threads()). */
enum recpipe_mode {
	RECPIPE_ONE,  /* on the caller's thread only */
	RECPIPE_AUTO, /* a second thread once the input is large enough */
	RECPIPE_TWO   /* a second thread from the first record */
};

struct recpipe;

/*
 * The mode the environment asks for: RECPIPE_TWO when RMKIT_THREADS is
 * a number from 2 to 16, else RECPIPE_ONE (the default: see above why).
 * RECPIPE_AUTO is for callers that choose it.
 */
enum recpipe_mode recpipe_threads(void);

/*
 * Hand over the records r reads from in, from the next one on.  The
 * caller has read what it needed (the header) and configured r (format,
 * csv_reader_select(), csv_reader_keep_raw()); from now on it uses only
 * the recpipe_*() functions until recpipe_finish(), not r.  in must be
 * the reader's input; its errors are taken over (input_keep_errors())
 * when the thread starts.
 */
struct recpipe *recpipe_start(struct csv_reader *r, struct input *in,
                              enum recpipe_mode mode);

/*
 * The next record, as csv_reader_next() gives it: 1 for a record, 0 at
 * the end (and on every call after it), -1 for a syntax error (recpipe_error(),
 * recpipe_line(), recpipe_raw()).  When the input failed at this point, reports
 * it and ends the program, as input_read() would have.  The record stays valid
 * until the next call.
 */
int recpipe_next(struct recpipe *p);

/* Fields of the current record, as csv_reader_nfields(). */
size_t recpipe_nfields(const struct recpipe *p);

/*
 * The current record at once, as csv_reader_record(): its bytes, each
 * field NUL terminated, field i at off[i] with length len[i].
 */
const char *recpipe_record(const struct recpipe *p, const size_t **off,
                           const size_t **len);

/* The line the record (or the error) began on, as csv_reader_line(). */
long recpipe_line(const struct recpipe *p);

/* The syntax error's text, as csv_reader_error(). */
const char *recpipe_error(const struct recpipe *p);

/* The record's input bytes, as csv_reader_raw() (also NUL terminated). */
const char *recpipe_raw(const struct recpipe *p, size_t *len);

/*
 * Input bytes read up to the current record (or a little past it, by at
 * most a batch), for progress reports.
 */
unsigned long long recpipe_bytes(const struct recpipe *p);

/* Whether records come from a second thread (now). */
int recpipe_threaded(const struct recpipe *p);

/*
 * For tests: hand records over in batches of about n bytes (default
 * RECPIPE_BATCH_BYTES; a small n puts one record in each batch).  Call
 * before the first recpipe_next() (the thread starts there at the
 * earliest).
 */
void recpipe_set_batch_bytes(struct recpipe *p, size_t n);

/*
 * Stop the parsing thread (also before the end of the input) and free
 * p; r and in stay the caller's, usable again (r only to be freed when
 * stopped early).
 */
void recpipe_finish(struct recpipe *p);

#endif
