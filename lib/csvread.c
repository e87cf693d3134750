/*
 * csvread.c - read CSV records with libcsv, line numbers included.
 *
 * libcsv pushes fields and record ends to callbacks.  To know physical
 * line numbers, the input is fed to it one line at a time (a segment
 * ending at a CR or LF): a record always ends at a line end, so at most
 * one record completes per segment, and the parser state before a
 * segment tells whether a record starts in it.
 *
 * Most lines are a whole record with well-formed quotes.  Such a line is
 * split here (fast_line()) instead of byte by byte in libcsv, which is
 * most of the reading time: the same fields by libcsv's rules (blanks,
 * quotes, doubled quotes).  Anything else - a record that goes on past
 * the line, a malformed quote, a blank line, the last bytes of a chunk -
 * goes to libcsv as before, from the start of the line, so libcsv alone
 * decides every error and every odd case (test_csvread_fast compares
 * both on random input).
 */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "error.h"
#include "xalloc.h"

#define CSV_BLOCK ((size_t)256 * 1024)
#define ROW_NOT_BEGUN 0 /* libcsv's parser state between records */
#define NOT_SEARCHED ((size_t)-1)

struct csv_reader {
	struct input *in;
	struct csv_parser parser;
	unsigned char options;
	char delim, quote;
	size_t max_record;
	/* input buffer */
	char *chunk;
	size_t pos, end;
	int eof, finished;
	int pending_cr; /* a CR ended the chunk; next byte unknown */
	int skip_line;  /* a too long record: drop the rest of its line */
	size_t next_lf, next_cr, next_nul; /* see find_next() */
	const unsigned char *wanted;       /* see csv_reader_select() */
	size_t nwanted;
	long lines; /* completed physical lines */
	/* the record being collected */
	char *rec;
	size_t rec_len, rec_cap;
	size_t *off, *len;
	size_t nfields, fcap;
	size_t rec_bytes; /* input bytes fed to the current record */
	long start_line, end_line;
	int ready;
	/* the raw bytes of the record, when asked for */
	int keep_raw;
	int trim_blanks;         /* let libcsv drop blanks around fields */
	int fast;                /* fast_line() may split lines (see there) */
	unsigned char stop[256]; /* delimiter, quote, CR, LF (fast_line()) */
	char *raw;
	size_t raw_len, raw_cap;
	char error[160];
};

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Whether libcsv's own blank trimming is on (see csv_reader_trim_blanks()). */
static int
trims(const struct csv_reader *r)
{
	return r->trim_blanks && r->quote != '\0' && r->delim != '\t' &&
	       r->delim != ' ';
}

/* Give the parser r's delimiter, quote and blank handling. */
static void
parser_format(struct csv_reader *r)
{
	csv_set_delim(&r->parser, (unsigned char)r->delim);
	csv_set_quote(&r->parser, (unsigned char)r->quote);
	csv_set_space_func(&r->parser, trims(r) ? NULL : never_space);
	memset(r->stop, 0, sizeof(r->stop));
	r->stop[(unsigned char)r->delim] = 1;
	r->stop[(unsigned char)r->quote] = 1;
	r->stop['\n'] = r->stop['\r'] = 1;
}

static void
parser_init(struct csv_reader *r)
{
	if (csv_init(&r->parser, r->options) != 0)
		die(EXIT_SYSTEM, "out of memory");
	parser_format(r);
}

struct csv_reader *
csv_reader_new(struct input *in, char delim, char quote, size_t max_record)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	r->in = in;
	r->delim = delim;
	r->quote = quote;
	r->max_record = max_record ? max_record : CSV_MAX_RECORD;
	r->options = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;
	r->chunk = xmalloc(CSV_BLOCK);
	r->fast = 1;
	parser_init(r);
	return r;
}

/* Make room for a record of at most n bytes of text (and NULs). */
static void
reserve_record(struct csv_reader *r, size_t n)
{
	if (r->rec_len + n + 1 > r->rec_cap)
		grow_array((void **)&r->rec, &r->rec_cap, r->rec_len + n + 1,
		           1);
}

/* Make room for n more fields. */
static void
reserve_fields(struct csv_reader *r, size_t n)
{
	if (r->nfields + n > r->fcap) {
		size_t cap = r->fcap;

		grow_array((void **)&r->off, &cap, r->nfields + n,
		           sizeof(*r->off));
		r->len = xreallocarray(r->len, cap, sizeof(*r->len));
		r->fcap = cap;
	}
}

/* Start field number r->nfields at the end of the record's text. */
static void
begin_field(struct csv_reader *r)
{
	r->off[r->nfields] = r->rec_len;
}

/* End the field begun last: its length, its NUL. */
static void
end_field(struct csv_reader *r)
{
	size_t len = r->rec_len - r->off[r->nfields];

	r->rec[r->rec_len++] = '\0';
	r->len[r->nfields++] = len;
}

/* Whether the caller wants the field being read (csv_reader_select()). */
static int
wanted_field(const struct csv_reader *r)
{
	return r->nfields >= r->nwanted || r->wanted[r->nfields];
}

/* Append n bytes to the field being read (room reserved). */
static void
append(struct csv_reader *r, const char *s, size_t n)
{
	memcpy(r->rec + r->rec_len, s, n);
	r->rec_len += n;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csv_reader *r = data;

	if (!wanted_field(r))
		len = 0;
	reserve_record(r, len);
	reserve_fields(r, 1);
	begin_field(r);
	if (len)
		append(r, s, len);
	end_field(r);
}

static void
on_record(int c, void *data)
{
	struct csv_reader *r = data;

	(void)c;
	r->ready = 1;
	r->end_line = r->lines + 1;
}

/* Make sure the chunk holds unread bytes; 0 at the end of the input. */
static int
fill(struct csv_reader *r)
{
	if (r->pos < r->end)
		return 1;
	if (r->eof)
		return 0;
	r->pos = 0;
	r->end = input_read(r->in, r->chunk, CSV_BLOCK);
	r->next_lf = r->next_cr = r->next_nul = NOT_SEARCHED;
	if (r->end == 0)
		r->eof = 1;
	if (r->pending_cr) { /* a CR at the end of the last chunk */
		r->pending_cr = 0;
		if (r->end == 0 || r->chunk[0] != '\n')
			r->lines++;
	}
	return r->end > 0;
}

/*
 * The index of the next byte c at or after r->pos in the chunk (r->end
 * when there is none), remembered in *cache so that every byte of a
 * chunk is searched once (memchr is fast; a bare-CR file must not make
 * the LF search quadratic).
 */
static size_t
find_next(struct csv_reader *r, size_t *cache, int c)
{
	if (*cache == NOT_SEARCHED || *cache < r->pos) {
		const char *q = memchr(r->chunk + r->pos, c, r->end - r->pos);

		*cache = q ? (size_t)(q - r->chunk) : r->end;
	}
	return *cache;
}

/* Count the line end that closes a segment ending at chunk[i]. */
static void
count_line_end(struct csv_reader *r, size_t i)
{
	if (r->chunk[i] == '\n')
		r->lines++;
	else if (r->chunk[i] == '\r') {
		if (i + 1 < r->end)
			r->lines += r->chunk[i + 1] != '\n';
		else
			r->pending_cr = 1;
	}
}

static void
reset_record(struct csv_reader *r)
{
	r->rec_len = 0;
	r->nfields = 0;
	r->rec_bytes = 0;
	r->ready = 0;
}

/* Record a syntax error and restart the parser after this line. */
static int
fail(struct csv_reader *r, const char *what)
{
	(void)snprintf(r->error, sizeof(r->error), "%s", what);
	csv_free(&r->parser);
	parser_init(r);
	reset_record(r);
	return -1;
}

/* Describe a strict-mode parse error at byte c. */
static const char *
parse_error_text(const struct csv_reader *r, char c)
{
	if (c == r->quote)
		return "quote inside an unquoted field";
	return "text after a closing quote";
}

/* Append n input bytes to the record's raw copy (at most max_record). */
static void
keep_raw_bytes(struct csv_reader *r, const char *s, size_t n)
{
	if (r->raw_len + n > r->max_record)
		n = r->raw_len < r->max_record ? r->max_record - r->raw_len : 0;
	if (n == 0)
		return;
	grow_array((void **)&r->raw, &r->raw_cap, r->raw_len + n + 1, 1);
	memcpy(r->raw + r->raw_len, s, n);
	r->raw_len += n;
}

/* Whether the segment ending before seg_end ends at a CR or LF. */
static int
ends_line(const struct csv_reader *r, size_t seg_end)
{
	char c = r->chunk[seg_end - 1];

	return c == '\n' || c == '\r';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether fast_line() knows libcsv's rules for r's format. */
static int
fast_format(const struct csv_reader *r)
{
	return r->fast && r->delim != r->quote && r->delim != '\n' &&
	       r->delim != '\r' && r->quote != '\n' && r->quote != '\r' &&
	       !(trims(r) && is_blank(r->quote));
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/*
 * Where the first byte of the 8 at s that is the byte repeated in pd or
 * the one in pq (ONES times the byte) lies: 0 to 7 (or not past it, on a
 * big-endian machine), or 8 when there is none.
 * A word at a time, as most fields are plain and several bytes long.
 */
static unsigned
delim_or_quote(const char *s, uint64_t pd, uint64_t pq)
{
	uint64_t w, a, b, hits;

	memcpy(&w, s, 8);
	a = w ^ pd;
	b = w ^ pq;
	/* a zero byte of a or b sets its high bit; bits above the first
	   such byte may be wrong, the lowest one is right (little endian) */
	hits = (((a - ONES) & ~a) | ((b - ONES) & ~b)) & HIGHS;
	if (hits == 0)
		return 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (unsigned)__builtin_ctzll(hits) / 8;
#else
	return 0; /* somewhere in these 8: the caller looks byte by byte */
#endif
}

/*
 * Skip the plain bytes of an unquoted field from p, 8 at a time while 8
 * are left before end: returns p at the first delimiter or quote found,
 * or where fewer than 8 bytes are left (the caller looks at those).
 */
static const char *
skip_plain(const char *p, const char *end, uint64_t pd, uint64_t pq)
{
	unsigned k = 8;

	while (k == 8 && end - p >= 8) {
		k = delim_or_quote(p, pd, pq);
		p += k;
	}
	return p;
}

/*
 * Read the quoted field whose opening quote is at *pp, up to end; on
 * success, *pp is just past the closing quote.  0 when the field does not
 * close on this line.
 */
static int
fast_quoted(struct csv_reader *r, const char **pp, const char *end, int keep)
{
	const char *p = *pp + 1, *q;

	for (;;) {
		q = memchr(p, r->quote, (size_t)(end - p));
		if (q == NULL)
			return 0;
		if (keep)
			append(r, p, (size_t)(q - p) + 1); /* with the quote */
		p = q + 1;
		if (p == end || *p != r->quote)
			break;
		p++; /* a doubled quote: one kept */
	}
	if (keep)
		r->rec_len--; /* the closing quote */
	*pp = p;
	return 1;
}

/*
 * Split the line s (n bytes, the last a CR or LF) as libcsv would when it
 * is a whole record with well-formed quotes, and make it the current
 * record (as on_field() and on_record() would).  Returns 0, having
 * changed nothing, when it is not such a line or it is blank: libcsv
 * reads it then.  Called only between records.
 */
static int
fast_line(struct csv_reader *r, const char *s, size_t n)
{
	const char *p = s, *end = s + n - 1, *f, *t;
	int trim = trims(r);
	char delim = r->delim, quote = r->quote;
	uint64_t pd = ONES * (unsigned char)delim,
	         pq = ONES * (unsigned char)quote;

	if (n < 2 || (*end != '\n' && *end != '\r'))
		return 0;
	if (trim)
		while (p < end && is_blank(*p))
			p++;
	if (p == end)
		return 0; /* a blank line: no record */
	/* every byte gives at most one byte of text, or a NUL and a field */
	reserve_record(r, n);
	reserve_fields(r, n);
	for (;;) {
		int keep = wanted_field(r);

		begin_field(r);
		if (trim)
			while (p < end && is_blank(*p))
				p++;
		if (p < end && *p == quote && quote != '\0') {
			if (!fast_quoted(r, &p, end, keep))
				goto libcsv;
			if (trim)
				while (p < end && is_blank(*p))
					p++;
			if (p < end && *p != delim)
				goto libcsv; /* text after the closing quote */
		} else {
			f = p;
			p = skip_plain(p, end, pd, pq);
			/* the line's end byte stops this loop too */
			while (!r->stop[(unsigned char)*p])
				p++;
			if (*p == quote && p < end)
				goto libcsv; /* a quote inside */
			t = p;
			if (trim)
				while (t > f && is_blank(t[-1]))
					t--;
			if (keep)
				append(r, f, (size_t)(t - f));
		}
		end_field(r);
		if (p == end)
			break;
		p++; /* the delimiter */
	}
	r->ready = 1;
	r->end_line = r->lines + 1;
	return 1;
libcsv:
	r->nfields = 0;
	r->rec_len = 0;
	return 0;
}

/* Feed one segment; returns -1 on a syntax error. */
static int
feed_segment(struct csv_reader *r, size_t seg_end, int has_nul)
{
	size_t n = seg_end - r->pos, done;
	char bad;

	if (r->parser.pstate == ROW_NOT_BEGUN && r->nfields == 0) {
		r->start_line = r->lines + 1;
		r->raw_len = 0;
		r->rec_bytes = 0;
	}
	if (r->keep_raw)
		keep_raw_bytes(r, r->chunk + r->pos, n);
	if (has_nul) {
		count_line_end(r, seg_end - 1);
		r->pos = seg_end;
		return fail(r, "NUL byte in the input");
	}
	if (r->parser.pstate == ROW_NOT_BEGUN && r->nfields == 0 &&
	    fast_format(r) && fast_line(r, r->chunk + r->pos, n))
		done = n;
	else
		done = csv_parse(&r->parser, r->chunk + r->pos, n, on_field,
		                 on_record, r);
	if (done < n) {
		bad = r->chunk[r->pos + done];
		r->start_line = r->lines + 1;
		/* skip the rest of this line */
		count_line_end(r, seg_end - 1);
		r->pos = seg_end;
		if (csv_error(&r->parser) == CSV_EPARSE)
			return fail(r, parse_error_text(r, bad));
		die(EXIT_SYSTEM, "out of memory");
	}
	count_line_end(r, seg_end - 1);
	r->pos = seg_end;
	r->rec_bytes += n;
	if (r->rec_bytes > r->max_record) {
		char what[120];

		/* one error for the record, not one per max_record bytes */
		r->skip_line = !ends_line(r, seg_end);

		(void)snprintf(what, sizeof(what),
		               "record longer than %zu bytes (an unterminated "
		               "quote?)",
		               r->max_record);
		return fail(r, what);
	}
	return 0;
}

/* Finish at the end of the input: flush the last record. */
static int
finish(struct csv_reader *r)
{
	r->finished = 1;
	if (r->parser.pstate != ROW_NOT_BEGUN || r->nfields > 0)
		r->end_line = r->lines + (r->pending_cr ? 0 : 1);
	if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
		(void)snprintf(r->error, sizeof(r->error),
		               "unterminated quote at the end of the input");
		reset_record(r);
		return -1;
	}
	return r->ready ? 1 : 0;
}

/*
 * The end of the segment starting at r->pos: just after the next CR or
 * LF, or the end of the chunk.  *has_nul tells whether it holds a NUL.
 */
static size_t
line_end(struct csv_reader *r, int *has_nul)
{
	size_t lf = find_next(r, &r->next_lf, '\n');
	size_t cr = find_next(r, &r->next_cr, '\r');
	size_t e = lf < cr ? lf : cr;
	size_t nul = find_next(r, &r->next_nul, '\0');

	*has_nul = nul < r->end && nul <= e;
	return e < r->end ? e + 1 : r->end;
}

int
csv_reader_next(struct csv_reader *r)
{
	if (r->ready)
		reset_record(r);
	r->error[0] = '\0';
	if (r->finished)
		return 0;
	while (!r->ready) {
		size_t seg_end;
		int has_nul;

		if (!fill(r))
			return finish(r);
		seg_end = line_end(r, &has_nul);
		if (r->skip_line) {
			r->skip_line = !ends_line(r, seg_end);
			count_line_end(r, seg_end - 1);
			r->pos = seg_end;
			continue;
		}
		if (feed_segment(r, seg_end, has_nul) != 0)
			return -1;
	}
	return 1;
}

size_t
csv_reader_nfields(const struct csv_reader *r)
{
	return r->nfields;
}

const char *
csv_reader_field(const struct csv_reader *r, size_t i)
{
	return i < r->nfields ? r->rec + r->off[i] : "";
}

size_t
csv_reader_field_len(const struct csv_reader *r, size_t i)
{
	return i < r->nfields ? r->len[i] : 0;
}

long
csv_reader_line(const struct csv_reader *r)
{
	return r->start_line;
}

long
csv_reader_end_line(const struct csv_reader *r)
{
	return r->end_line;
}

const char *
csv_reader_error(const struct csv_reader *r)
{
	return r->error;
}

const char *
csv_reader_peek(struct csv_reader *r, size_t *len)
{
	fill(r);
	*len = r->end - r->pos;
	return r->chunk + r->pos;
}

void
csv_reader_set_format(struct csv_reader *r, char delim, char quote)
{
	r->delim = delim;
	r->quote = quote;
	parser_format(r);
}

void
csv_reader_select(struct csv_reader *r, const unsigned char *wanted, size_t n)
{
	r->wanted = wanted;
	r->nwanted = wanted ? n : 0;
}

void
csv_reader_trim_blanks(struct csv_reader *r, int on)
{
	r->trim_blanks = on;
	parser_format(r);
}

const char *
csv_reader_record(const struct csv_reader *r, const size_t **off,
                  const size_t **len)
{
	*off = r->off;
	*len = r->len;
	return r->rec;
}

void
csv_reader_fast(struct csv_reader *r, int on)
{
	r->fast = on;
}

void
csv_reader_keep_raw(struct csv_reader *r, int on)
{
	r->keep_raw = on;
	r->raw_len = 0;
}

const char *
csv_reader_raw(const struct csv_reader *r, size_t *len)
{
	size_t n = r->keep_raw ? r->raw_len : 0;

	while (n > 0 && (r->raw[n - 1] == '\n' || r->raw[n - 1] == '\r'))
		n--;
	*len = n;
	if (n == 0)
		return "";
	r->raw[n] = '\0';
	return r->raw;
}

void
csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	csv_free(&r->parser);
	free(r->chunk);
	free(r->rec);
	free(r->off);
	free(r->len);
	free(r->raw);
	free(r);
}
