/*
 * output.h - the one output stream of a program, written safely.
 *
 * A program writes its result to stdout or to the file of -o/--output.  A
 * file is written atomically: to a temporary file in the same directory,
 * renamed over the target only when everything was written, so a failed
 * run never leaves a truncated report where the old one was.  A program
 * that dies (error.h) removes the temporary file.
 */
#ifndef RMKIT_OUTPUT_H
#define RMKIT_OUTPUT_H

#include <stdio.h>

/*
 * Open the output: stdout when path is NULL or "-", else a temporary file
 * beside path; a path that exists and is not a regular file (/dev/null, a
 * FIFO) is written in place, not replaced.  Output is fully buffered.  Exits with EXIT_SYSTEM when the
 * temporary file cannot be created.  One output may be open at a time.
 */
FILE *output_open(const char *path);

/*
 * Finish the output: flush and close it, detecting write errors (a full
 * disk, a closed pipe), and for a file rename it into place (mode 0666
 * less the umask).  On error reports "cannot write 'path'" and exits with
 * EXIT_SYSTEM, leaving any earlier file at path untouched.
 */
void output_close(FILE *f);

/*
 * Abandon the output: for a file, remove the temporary file and leave
 * path as it was.  For stdout, only flushes.  Used on the error path.
 */
void output_abort(void);

/* Whether stdout is the output and a terminal (for colour decisions). */
int output_is_terminal(void);

#endif
