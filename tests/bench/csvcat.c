/*
 * csvcat - the baseline of the import benchmark: the least a libcsv
 * program can do to turn CSV into TSV.  Reads a file (or stdin) in 1 MB
 * blocks, lets libcsv split it, and writes every field with the TSV
 * escapes of the record format (\t \n \r \\), fields joined by TAB and
 * records ended by LF, through a 1 MB output buffer.  No column mapping,
 * no dates, no numbers, no line numbers, no checks beyond libcsv's.
 *
 *	cc $CFLAGS -o csvcat tests/bench/csvcat.c -lcsv
 *	csvcat [FILE] > out.tsv
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (1 << 20)

static char out[BLOCK];
static size_t out_len;
static int first_field = 1;

static void
flush_out(void)
{
	if (out_len && fwrite(out, 1, out_len, stdout) != out_len) {
		perror("csvcat: write");
		exit(4);
	}
	out_len = 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	const unsigned char *p = s, *end = p + len;

	(void)data;
	if (out_len + 2 * len + 2 > BLOCK)
		flush_out();
	if (2 * len + 2 > BLOCK) {
		fprintf(stderr, "csvcat: field too long\n");
		exit(1);
	}
	if (!first_field)
		out[out_len++] = '\t';
	first_field = 0;
	for (; p < end; p++) {
		switch (*p) {
		case '\t':
			out[out_len++] = '\\';
			out[out_len++] = 't';
			break;
		case '\n':
			out[out_len++] = '\\';
			out[out_len++] = 'n';
			break;
		case '\r':
			out[out_len++] = '\\';
			out[out_len++] = 'r';
			break;
		case '\\':
			out[out_len++] = '\\';
			out[out_len++] = '\\';
			break;
		default:
			out[out_len++] = (char)*p;
		}
	}
}

static void
on_record(int c, void *data)
{
	(void)c;
	(void)data;
	if (out_len + 1 > BLOCK)
		flush_out();
	out[out_len++] = '\n';
	first_field = 1;
}

int
main(int argc, char **argv)
{
	static char in[BLOCK];
	struct csv_parser p;
	ssize_t n;
	int fd = 0;

	if (argc > 1 && strcmp(argv[1], "-") != 0 &&
	    (fd = open(argv[1], O_RDONLY)) < 0) {
		perror(argv[1]);
		return 4;
	}
	if (csv_init(&p, CSV_STRICT) != 0)
		return 4;
	while ((n = read(fd, in, sizeof(in))) > 0)
		if (csv_parse(&p, in, (size_t)n, on_field, on_record, NULL) !=
		    (size_t)n) {
			fprintf(stderr, "csvcat: %s\n",
				csv_strerror(csv_error(&p)));
			return 1;
		}
	if (n < 0) {
		perror("csvcat: read");
		return 4;
	}
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	flush_out();
	if (fflush(stdout) != 0) {
		perror("csvcat: write");
		return 4;
	}
	return 0;
}
