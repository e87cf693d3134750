/*
 * fuzz_util.h - what the libFuzzer harnesses in fuzz/ share.
 *
 * The library reads files by path and ends the program on fatal input
 * (die()).  A harness therefore hands its input to the library as a file
 * (an in-memory memfd reached through /proc/self/fd) and turns die()
 * into a longjmp back to itself with fuzz_catch_exit() (error.h's
 * error_set_exit() hook), so that a fatal-but-correct reaction to bad
 * input ends one run, not the fuzzer.
 */
#ifndef RMKIT_FUZZ_UTIL_H
#define RMKIT_FUZZ_UTIL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Where die() jumps to after fuzz_catch_exit(): a harness calls
 * setjmp(fuzz_jmp) before calling the library; a non-zero return means
 * the library died (the value is the exit status, or 256 for status 0).
 */
extern jmp_buf fuzz_jmp;

/* Make die(), die_errno() and usage_error() longjmp to fuzz_jmp. */
void fuzz_catch_exit(void);

/*
 * Put the size bytes at data into the harness's memory file and return
 * its path; a later call replaces the content.  Which = 0 or 1 selects
 * one of two independent files.
 */
const char *fuzz_file(int which, const uint8_t *data, size_t size);

/*
 * Free every CSV reader (csvread.h) and close every input (input.h) the
 * library opened and did not close: after die() jumped back, so that
 * nothing (a gzip thread, a file, a 256 KB buffer) is left behind.  The
 * harnesses are linked with -Wl,--wrap= for input_open, input_close,
 * csv_reader_new and csv_reader_free, which keep the lists.
 */
void fuzz_close_inputs(void);

/* A stream to /dev/null for output the harness does not look at. */
FILE *fuzz_devnull(void);

/*
 * Whether data starts like a gzip stream or with a UTF-16 byte order
 * mark: input.c dies on corrupt gzip and refuses UTF-16, leaking what
 * the caller had allocated, so harnesses that keep leak detection on
 * skip such inputs (fuzz_import covers both).
 */
int fuzz_input_may_die(const uint8_t *data, size_t size);

/* Report a broken invariant and abort (a crash libFuzzer records). */
void fuzz_fail(const char *what) __attribute__((noreturn));

/*
 * Split data at the first occurrence of the line "%%" (the bytes
 * "\n%%\n", or "%%\n" at the start): *head gets a NUL-terminated copy of
 * the part before it (stopping at any NUL byte), *rest and *restlen the
 * part after it.  Without a separator, *head is NULL and *rest is data.
 * Free *head.
 */
void fuzz_split(const uint8_t *data, size_t size, char **head,
                const uint8_t **rest, size_t *restlen);

#endif
