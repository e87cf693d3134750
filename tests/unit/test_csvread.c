/*
 * test_csvread.c - the CSV reader: quoting, line numbers, line ends, buffer
 * boundaries, bounded records, errors and recovery, TSV mode, raw records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csvread.h"
#include "input.h"
#include "xalloc.h"

#define BLOCK ((size_t)256 * 1024)

static char dir[] = "/tmp/rmkit-csv.XXXXXX";
static long skip_lines; /* read_all() leaves out records before this */
static char path[256];

static void
write_data(const char *data, size_t len)
{
	FILE *f;

	snprintf(path, sizeof(path), "%s/in.csv", dir);
	f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

/*
 * Read every record of data and describe it: "L1-1:a|b;" per record (start
 * and end line, fields joined by '|'), "E2:what;" per error.
 */
static char *
read_all(const char *data, size_t len, char delim, char quote, size_t max)
{
	static char out[8192];
	struct input *in;
	struct csv_reader *r;
	size_t n = 0, i;
	int rc;

	write_data(data, len);
	in = input_open(path);
	r = csv_reader_new(in, delim, quote, max);
	out[0] = '\0';
	while ((rc = csv_reader_next(r)) != 0 && n < sizeof(out) - 200) {
		if (rc < 0) {
			n += (size_t)snprintf(out + n, sizeof(out) - n,
			                      "E%ld:%s;", csv_reader_line(r),
			                      csv_reader_error(r));
			continue;
		}
		if (csv_reader_line(r) < skip_lines)
			continue;
		n += (size_t)snprintf(out + n, sizeof(out) - n,
		                      "L%ld-%ld:", csv_reader_line(r),
		                      csv_reader_end_line(r));
		for (i = 0; i < csv_reader_nfields(r) && n < sizeof(out) - 100;
		     i++)
			n += (size_t)snprintf(out + n, sizeof(out) - n,
			                      "%s%.40s", i ? "|" : "",
			                      csv_reader_field(r, i));
		out[n++] = ';';
		out[n] = '\0';
	}
	csv_reader_free(r);
	input_close(in);
	return out;
}

static char *
csv(const char *data)
{
	return read_all(data, strlen(data), ',', '"', 0);
}

static void
test_basic(void)
{
	CHECK_STR(csv("a,b\n1,2\n"), "L1-1:a|b;L2-2:1|2;");
	CHECK_STR(csv("a,b\n1,2"), "L1-1:a|b;L2-2:1|2;");
	CHECK_STR(csv(" a , b \n"), "L1-1: a | b ;");
	CHECK_STR(csv("a,\"b,c\",\"d\"\"e\"\n"), "L1-1:a|b,c|d\"e;");
	CHECK_STR(csv("a,,\n"), "L1-1:a||;");
	CHECK_STR(csv("\"\"\n"), "L1-1:;");
	CHECK_STR(csv(""), "");
	/* blank lines are skipped but counted */
	CHECK_STR(csv("a\n\n\nb\n\n"), "L1-1:a;L4-4:b;");
	CHECK_STR(csv("\r\n\r\na\r\n"), "L3-3:a;");
	/* ragged rows are the caller's business: the counts show */
	CHECK_STR(csv("a,b,c\n1,2\n1,2,3,4\n"),
	          "L1-1:a|b|c;L2-2:1|2;L3-3:1|2|3|4;");
}

static void
test_line_ends(void)
{
	CHECK_STR(csv("a,b\n\"x\ny\",2\n3,4\n"),
	          "L1-1:a|b;L2-3:x\ny|2;L4-4:3|4;");
	CHECK_STR(csv("a\r\n\"x\r\ny\"\r\nz\r\n"),
	          "L1-1:a;L2-3:x\r\ny;L4-4:z;");
	/* bare CR files, with a CR inside quotes */
	CHECK_STR(csv("a,b\r1,2\r\"p\rq\",3\r4,5"),
	          "L1-1:a|b;L2-2:1|2;L3-4:p\rq|3;L5-5:4|5;");
	/* a quoted field with several line ends */
	CHECK_STR(csv("h\n\"1\n2\n\n3\"\nz\n"),
	          "L1-1:h;L2-5:1\n2\n\n3;L6-6:z;");
	/* LF CR is two line ends */
	CHECK_STR(csv("a\n\rb\n"), "L1-1:a;L3-3:b;");
}

static void
test_errors(void)
{
	CHECK_STR(csv("a,\"b\"c\n1,2\n"),
	          "E1:text after a closing quote;L2-2:1|2;");
	CHECK_STR(csv("a,b\"c\n1,2\n"),
	          "E1:quote inside an unquoted field;L2-2:1|2;");
	CHECK_STR(csv("a\n\"abc"),
	          "L1-1:a;E2:unterminated quote at the end of the input;");
	CHECK_STR(read_all("a\nb\0c\nd\n", 8, ',', '"', 0),
	          "L1-1:a;E2:NUL byte in the input;L3-3:d;");
	/* a runaway quote is bounded and reported where the record began */
	{
		char *data = xmalloc(20000);
		size_t n = 0;
		int i;

		n += (size_t)sprintf(data + n, "a,b\n1,\"never closed\n");
		for (i = 0; i < 500; i++)
			n += (size_t)sprintf(data + n, "filler line %d\n", i);
		CHECK(strncmp(read_all(data, n, ',', '"', 1000),
		              "L1-1:a|b;E2:record longer than 1000 bytes",
		              40) == 0);
		free(data);
	}
	/* an unquoted long line is bounded too */
	{
		char *data = xmalloc(5000);

		memset(data, 'x', 4999);
		data[4999] = '\n';
		CHECK_STR(read_all(data, 5000, ',', '"', 1000),
		          "E1:record longer than 1000 bytes (an unterminated "
		          "quote?);");
		free(data);
	}
}

/* A file whose byte at offset at is where the interesting part goes. */
static char *
padded(size_t at, const char *tail, size_t *len, long *lines)
{
	size_t tl = strlen(tail), n = 0;
	char *data = xmalloc(at + tl + 200);

	*lines = 0;
	n += (size_t)sprintf(data, "h\n");
	(*lines)++;
	/* 99-byte lines "x...x\n" then one shorter line to reach at */
	while (at - n > 200) {
		memset(data + n, 'x', 99);
		data[n + 99] = '\n';
		n += 100;
		(*lines)++;
	}
	memset(data + n, 'y', at - n - 1);
	data[at - 1] = '\n';
	(*lines)++;
	n = at;
	memcpy(data + n, tail, tl);
	*len = n + tl;
	return data;
}

/* Records and lines after the padding of padded(). */
static const char *
tail_of(const char *out, long lines)
{
	(void)lines;
	return out;
}

static void
test_boundaries(void)
{
	size_t len;
	long lines;
	char *data, *out, want[256];
	static const size_t offsets[] = {BLOCK - 3, BLOCK - 2, BLOCK - 1, BLOCK,
	                                 BLOCK + 1};
	size_t i;

	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		/* a quoted field with a CRLF spans the block boundary */
		data = padded(offsets[i], "\"ab\r\ncd\",e\r\nf,g\r\n", &len,
		              &lines);
		skip_lines = lines + 1;
		out = read_all(data, len, ',', '"', 0);
		snprintf(want, sizeof(want),
		         "L%ld-%ld:ab\r\ncd|e;L%ld-%ld:f|g;", lines + 1,
		         lines + 2, lines + 3, lines + 3);
		CHECK_STR(tail_of(out, lines), want);
		free(data);
		/* a CRLF line end split across blocks counts once */
		data = padded(offsets[i], "p,q\r\nr,s\r\n", &len, &lines);
		skip_lines = lines + 1;
		out = read_all(data, len, ',', '"', 0);
		snprintf(want, sizeof(want), "L%ld-%ld:p|q;L%ld-%ld:r|s;",
		         lines + 1, lines + 1, lines + 2, lines + 2);
		CHECK_STR(tail_of(out, lines), want);
		free(data);
		/* bare CR line ends around the boundary */
		data = padded(offsets[i], "p\rq\r\"r\rs\"\rt", &len, &lines);
		skip_lines = lines + 1;
		out = read_all(data, len, ',', '"', 0);
		snprintf(want, sizeof(want),
		         "L%ld-%ld:p;L%ld-%ld:q;L%ld-%ld:r\rs;"
		         "L%ld-%ld:t;",
		         lines + 1, lines + 1, lines + 2, lines + 2, lines + 3,
		         lines + 4, lines + 5, lines + 5);
		CHECK_STR(tail_of(out, lines), want);
		free(data);
	}
	skip_lines = 0;
	/* a record far longer than a block */
	{
		size_t big = 3 * BLOCK;
		char *rec = xmalloc(big + 20);
		struct input *in;
		struct csv_reader *r;

		rec[0] = '"';
		memset(rec + 1, 'z', big);
		memcpy(rec + 1 + big, "\",1\n2,3\n", 8);
		write_data(rec, big + 9);
		in = input_open(path);
		r = csv_reader_new(in, ',', '"', 0);
		CHECK_INT(csv_reader_next(r), 1);
		CHECK_STR(csv_reader_error(r), "");
		CHECK_INT(csv_reader_field_len(r, 0), (long long)big);
		CHECK_STR(csv_reader_field(r, 1), "1");
		CHECK_INT(csv_reader_next(r), 1);
		CHECK_INT(csv_reader_line(r), 2);
		CHECK_INT(csv_reader_next(r), 0);
		csv_reader_free(r);
		input_close(in);
		free(rec);
	}
}

static void
test_tsv_mode_peek_raw(void)
{
	struct input *in;
	struct csv_reader *r;
	const char *p, *raw;
	size_t len;

	/* quote '\0': quotes are data */
	CHECK_STR(read_all("a\tb\n\"x\ty\"\n", 10, '\t', '\0', 0),
	          "L1-1:a|b;L2-2:\"x|y\";");
	/* peek, then choose the delimiter */
	write_data("a;b\n1;\"2\n3\"\n", 12);
	in = input_open(path);
	r = csv_reader_new(in, ',', '"', 0);
	p = csv_reader_peek(r, &len);
	CHECK_INT(len, 12);
	CHECK(p && p[1] == ';');
	csv_reader_set_format(r, ';', '"');
	csv_reader_keep_raw(r, 1);
	CHECK_INT(csv_reader_next(r), 1);
	CHECK_INT(csv_reader_nfields(r), 2);
	raw = csv_reader_raw(r, &len);
	CHECK_STR(raw, "a;b");
	CHECK_INT(csv_reader_next(r), 1);
	CHECK_STR(csv_reader_field(r, 1), "2\n3");
	raw = csv_reader_raw(r, &len);
	CHECK_STR(raw, "1;\"2\n3\"");
	CHECK_INT(csv_reader_next(r), 0);
	csv_reader_free(r);
	input_close(in);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	test_basic();
	test_line_ends();
	test_errors();
	test_boundaries();
	test_tsv_mode_peek_raw();
	unlink(path);
	rmdir(dir);
	return check_exit();
}
