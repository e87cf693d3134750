/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader (csvread.h).
 *
 * The first input byte picks the format (delimiter, quote, blank
 * trimming, raw copies, column selection, a small record bound); the rest
 * is the CSV text.  Every record is read to the end, and the reader's
 * contract is checked on each: fields are NUL terminated at their length,
 * the record view agrees with the field view, unselected columns are
 * empty, line numbers are in order and within the input, raw copies stay
 * within the bound.
 */
#include <stdint.h>
#include <string.h>

#include "csvread.h"
#include "fuzz_util.h"
#include "input.h"

/* Physical lines in data (LF, CRLF and bare CR each end one). */
static long
count_lines(const uint8_t *data, size_t size)
{
	long n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' ||
		    (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
			n++;
	return n;
}

static void
check_record(struct csv_reader *r, const unsigned char *wanted, size_t nwanted,
             long maxline)
{
	const size_t *off, *len;
	const char *rec = csv_reader_record(r, &off, &len);
	size_t i, n = csv_reader_nfields(r);

	if (n == 0)
		fuzz_fail("a record without fields");
	for (i = 0; i < n; i++) {
		const char *f = csv_reader_field(r, i);
		size_t fl = csv_reader_field_len(r, i);

		if (strlen(f) != fl)
			fuzz_fail("field length differs from strlen");
		if (rec + off[i] != f || len[i] != fl)
			fuzz_fail("csv_reader_record disagrees with the fields");
		if (wanted && i < nwanted && !wanted[i] && fl != 0)
			fuzz_fail("an unselected field has text");
	}
	if (csv_reader_field_len(r, n) != 0 || *csv_reader_field(r, n) != '\0')
		fuzz_fail("a field past the end is not empty");
	if (csv_reader_line(r) < 1 || csv_reader_line(r) > csv_reader_end_line(r))
		fuzz_fail("record lines out of order");
	if (csv_reader_end_line(r) > maxline)
		fuzz_fail("record ends past the last line");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = {',', ';', '\t', '|'};
	static const char quotes[] = {'"', '\'', '\0', '"'};
	static const unsigned char wanted[] = {1, 0, 1, 0, 0, 1};
	struct input *in;
	struct csv_reader *r;
	unsigned opt;
	size_t max_record, rawlen, peeklen;
	long maxline;
	int rc, sel;

	if (size < 1)
		return 0;
	opt = data[0];
	data++;
	size--;
	if (fuzz_input_may_die(data, size))
		return 0;
	fuzz_catch_exit();
	if (setjmp(fuzz_jmp))
		fuzz_fail("the CSV reader died on plain input");
	maxline = count_lines(data, size);
	max_record = (opt & 0x80) ? 64 : 0;
	sel = (opt & 0x40) != 0;
	in = input_open(fuzz_file(0, data, size));
	r = csv_reader_new(in, delims[opt & 3], quotes[(opt >> 2) & 3],
	                   max_record);
	csv_reader_trim_blanks(r, (opt >> 4) & 1);
	csv_reader_keep_raw(r, (opt >> 5) & 1);
	if (sel)
		csv_reader_select(r, wanted, sizeof(wanted));
	(void)csv_reader_peek(r, &peeklen);
	while ((rc = csv_reader_next(r)) != 0) {
		if (rc == 1)
			check_record(r, sel ? wanted : NULL, sizeof(wanted),
			             maxline);
		else if (*csv_reader_error(r) == '\0')
			fuzz_fail("an error without a message");
		(void)csv_reader_raw(r, &rawlen);
		if (rawlen > (max_record ? max_record : CSV_MAX_RECORD))
			fuzz_fail("raw copy longer than the record bound");
	}
	csv_reader_free(r);
	input_close(in);
	return 0;
}
