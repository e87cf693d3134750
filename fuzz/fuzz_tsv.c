/*
 * fuzz_tsv.c - libFuzzer harness for the TSV reader and the escaping
 * helpers (tsv.h).
 *
 * The input is a TSV file.  Every row is read; the header lookup, field
 * access, the UTF-8 of good rows and unescaping are checked against their
 * contracts, and each field is written back with tsv_put_field() and
 * unescaped again, which must give the field's unescaped text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "tsv.h"
#include "utf8.h"

/* Escape len bytes of s as tsv_put_field() does, into a malloc'ed buffer. */
static char *
escape(const char *s, size_t len, size_t *outlen)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (f == NULL)
		abort();
	tsv_put_field(f, s, len);
	fclose(f);
	*outlen = n;
	return buf;
}

static void
check_field(const char *f, size_t len, char *scratch, char *scratch2)
{
	size_t u = tsv_unescape(f, len, scratch), elen, back;
	char *e;

	if (u > len || scratch[u] != '\0')
		fuzz_fail("tsv_unescape lengthened or did not terminate");
	e = escape(scratch, u, &elen);
	if (memchr(e, '\t', elen) || memchr(e, '\n', elen) ||
	    memchr(e, '\r', elen))
		fuzz_fail("tsv_put_field wrote a raw TAB, LF or CR");
	back = tsv_unescape(e, elen, scratch2);
	if (back != u || memcmp(scratch, scratch2, u) != 0)
		fuzz_fail("escape then unescape is not the identity");
	free(e);
}

/*
 * Whether the header may hold a NUL byte or text that is not UTF-8,
 * which tsv_open() refuses (exit 1, by contract).  The header is the
 * first non-empty line.  Whether it ends at an LF or a CR depends on the
 * file's first line end, so both are allowed for: the header lies before
 * the later of the next LF and the next CR after the leading line ends
 * (which hold neither).
 */
static int
header_may_be_refused(const uint8_t *data, size_t size)
{
	size_t i = 0, end;
	const uint8_t *lf, *cr;

	while (i < size && (data[i] == '\n' || data[i] == '\r'))
		i++;
	lf = memchr(data + i, '\n', size - i);
	cr = memchr(data + i, '\r', size - i);
	end = lf && cr ? (size_t)((lf > cr ? lf : cr) - data) : size;
	return memchr(data + i, '\0', end - i) != NULL ||
	       utf8_check((const char *)data + i, end - i) != end - i;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsv_reader *r;
	char *scratch, *scratch2;
	size_t i, ncols;
	long last = 0;
	int rc;

	if (fuzz_input_may_die(data, size) || header_may_be_refused(data, size))
		return 0;
	fuzz_catch_exit();
	if (setjmp(fuzz_jmp))
		fuzz_fail("the TSV reader died on plain input");
	scratch = malloc(size + 1);
	scratch2 = malloc(2 * size + 1);
	r = tsv_open(fuzz_file(0, data, size));
	ncols = tsv_ncols(r);
	for (i = 0; i < ncols; i++) {
		int c = tsv_column(r, tsv_colname(r, i));

		if (c < 0 || (size_t)c > i)
			fuzz_fail("tsv_column does not find a header name");
	}
	while ((rc = tsv_next(r)) != 0) {
		const size_t *lens;
		const char *const *row = tsv_row(r, &lens);
		size_t n = tsv_nfields(r);

		if (rc == 1 && n != ncols)
			fuzz_fail("a good row with the wrong field count");
		for (i = 0; rc == 1 && i < n; i++)
			if (utf8_check(row[i], lens[i]) != lens[i])
				fuzz_fail("a good row with text that is not "
				          "UTF-8");
		if (rc == -1 && *tsv_error(r) == '\0')
			fuzz_fail("a bad row without a message");
		if (tsv_lineno(r) <= last)
			fuzz_fail("line numbers do not increase");
		last = tsv_lineno(r);
		for (i = 0; i < n; i++) {
			if (row[i] != tsv_field(r, (int)i) ||
			    lens[i] != tsv_field_len(r, (int)i) ||
			    strlen(row[i]) > lens[i])
				fuzz_fail("tsv_row disagrees with tsv_field");
			if (lens[i] <= size)
				check_field(row[i], lens[i], scratch, scratch2);
		}
		if (*tsv_field(r, (int)n) || tsv_field_len(r, -1))
			fuzz_fail("a missing field is not empty");
	}
	tsv_close(r);
	free(scratch);
	free(scratch2);
	return 0;
}
