/*
 * fuzz_import.c - libFuzzer harness for rm-import end to end (import.h:
 * map files, options, format sniffing, CSV and TSV reading, gzip, date,
 * number and value mapping, --also rules, rejects, output).
 *
 * Input: a map file (import_load_map() text), a line "%%", then the
 * file to import.  Without a "%%" line the whole input is the file and
 * the map is account, date, type, value, ref and kind by those names.
 * Comment lines in the map choose the input settings, which map files
 * cannot: "#csv", "#tsv", "#delim=C", "#max=N" (record bound).
 *
 * Checked: a file-level problem ends the import with EXIT_DATA, or
 * EXIT_USAGE when the mapping lacks a column the file needs (die,
 * caught), and nothing else; the output is rmkit TSV (every line has the
 * header's field count, no raw CR or NUL, no empty line); in event mode
 * every row has an account, a known type, a YYYY-MM-DD date and a plain
 * number or nothing as value.  Leak detection is off for this harness
 * (runner.sh): die() leaves the reader that was open.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "event.h"
#include "fuzz_util.h"
#include "import.h"
#include "num.h"

static const char default_map[] = "account\taccount\n"
                                  "date\tdate\n"
                                  "type\ttype\n"
                                  "value\tvalue\n"
                                  "ref\tref\n"
                                  "kind\tkind\n";

/* The input settings from "#csv", "#tsv", "#delim=C", "#max=N" lines. */
static void
settings(const char *map, enum import_format *format, char *delim,
         size_t *max_record)
{
	const char *p;

	*format = IMPORT_AUTO;
	*delim = 0;
	*max_record = 0;
	if (strstr(map, "#csv"))
		*format = IMPORT_CSV;
	if (strstr(map, "#tsv"))
		*format = IMPORT_TSV;
	if ((p = strstr(map, "#delim=")) != NULL && p[7] && p[7] != '\n')
		*delim = p[7];
	if ((p = strstr(map, "#max=")) != NULL)
		*max_record = strtoul(p + 5, NULL, 10) % 100000;
}

/* Split s at TAB into at most n fields; returns the count. */
static size_t
split_tabs(char *s, char **f, size_t n)
{
	size_t k = 0;
	char *tab;

	for (;;) {
		tab = strchr(s, '\t');
		if (k < n)
			f[k] = s;
		k++;
		if (!tab)
			return k;
		*tab = '\0';
		s = tab + 1;
	}
}

static void
check_event(char **f, size_t n)
{
	int day;
	double v;

	if (n < 4)
		return;
	if (*f[0] == '\0')
		fuzz_fail("an event without an account");
	if (date_parse_iso(f[1], strlen(f[1]), &day) != 0)
		fuzz_fail("an event date that is not YYYY-MM-DD");
	if (event_type_parse(f[2], strlen(f[2])) < 0)
		fuzz_fail("an event of an unknown type");
	if (*f[3] && num_parse(f[3], strlen(f[3]), &v) != 0)
		fuzz_fail("an event value that is not a plain number");
}

/* Check the output text (NUL terminated at len). */
static void
check_output(char *out, size_t len, int events)
{
	char *line = out, *nl, *f[8];
	size_t ncols = 0, n;
	int first = 1;

	if (memchr(out, '\0', len) || memchr(out, '\r', len))
		fuzz_fail("a raw NUL or CR in the output");
	if (len == 0)
		return;
	if (out[len - 1] != '\n')
		fuzz_fail("output does not end with a line end");
	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		/* one empty field of a one-column --raw table is an empty
		   line, which TSV readers skip (a limitation of the format,
		   recorded in tests/README.md) */
		if (*line == '\0' && !(ncols == 1 && !first))
			fuzz_fail("an empty output line");
		n = split_tabs(line, f, 8);
		if (first) {
			ncols = n;
			first = 0;
			if (events && (n < 6 || strcmp(f[0], "account") ||
			               strcmp(f[1], "date") || strcmp(f[2], "type")))
				fuzz_fail("an event header that is not "
				          "account date type ...");
			continue;
		}
		if (n != ncols)
			fuzz_fail("an output row with the wrong field count");
		if (events)
			check_event(f, n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__asan_default_options(void);

/* die() leaves what was open: no leak reports (see the top comment). */
const char *
__asan_default_options(void)
{
	return "detect_leaks=0";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct import *im;
	static char *outbuf;
	static FILE *out;
	static char *map;
	const uint8_t *file;
	size_t filelen, outlen = 0, max_record;
	enum import_format format;
	char err[512], delim;
	int status;

	fuzz_split(data, size, &map, &file, &filelen);
	if (map == NULL)
		map = strdup(default_map);
	im = import_new();
	out = NULL;
	outbuf = NULL;
	fuzz_catch_exit();
	if ((status = setjmp(fuzz_jmp)) != 0) {
		/* 1: an unusable file; 2: the map misses a needed column */
		fuzz_close_inputs();
		if (status != EXIT_DATA && status != EXIT_USAGE) {
			fprintf(stderr, "fuzz: import died with status %d\n",
			        status);
			fuzz_fail("an import died with a status other than "
			          "1 or 2");
		}
		goto done;
	}
	if (import_load_map(im, map, "map", err, sizeof(err)) != 0 ||
	    import_check(im, err, sizeof(err)) != 0)
		goto done;
	settings(map, &format, &delim, &max_record);
	import_set_input(im, format, delim, max_record);
	import_set_rejects(im, getenv("FUZZ_SHOW") ? NULL : fuzz_devnull(), 3);
	out = open_memstream(&outbuf, &outlen);
	import_file(im, fuzz_file(0, file, filelen), out);
	import_finish(im, out);
	fclose(out);
	out = NULL;
	if (getenv("FUZZ_SHOW")) /* for looking at what an input gives */
		fwrite(outbuf, 1, outlen, stderr);
	check_output(outbuf, outlen, import_get_mode(im) == IMPORT_EVENTS);
done:
	if (out)
		fclose(out);
	free(outbuf);
	import_free(im);
	free(map);
	return 0;
}
