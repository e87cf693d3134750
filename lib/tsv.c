/*
 * tsv.c - read and write rmkit TSV records.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "date.h"
#include "error.h"
#include "input.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

/*
 * The reader keeps its own buffer, filled with input_read(), and finds
 * TAB, LF and NUL bytes in one pass (16 bytes at a time).  A file whose
 * first line end is a bare CR is handed to input_getline() instead
 * (r->by_line), which knows that kind of line end.
 */
/* reads of 512 KiB or more skip zlib's buffer */
#define TSV_BLOCK ((size_t)1024 * 1024)
#define TSV_PAD 32		/* readable bytes after the data (over-read) */

struct tsv_reader {
	struct input *in;
	char **names;		/* header, copied */
	size_t ncols;
	struct strmap *index;	/* column name -> id */
	int *col_of_id;		/* id -> first column with that name */
	char **fields;		/* current row, pointing into the line */
	size_t *lens;
	size_t nfields;
	size_t cap;
	long lineno;
	int by_line;		/* bare CR line ends: use input_getline() */
	int eof;
	char *buf;		/* cap_buf + TSV_PAD bytes */
	size_t cap_buf;
	size_t pos;		/* start of the next line */
	size_t end;		/* one past the last byte read */
	size_t scan;		/* next byte not yet in mask */
	size_t mask_base;	/* bit i of mask is byte mask_base + i */
	uint32_t mask;		/* TAB, LF and NUL bytes not yet used */
	char error[96];
};

/* Make room for at least n fields. */
static void
reserve_fields(struct tsv_reader *r, size_t n)
{
	size_t cap = r->cap;

	if (n <= cap)
		return;
	grow_array((void **)&r->fields, &cap, n, sizeof(*r->fields));
	r->lens = xreallocarray(r->lens, cap, sizeof(*r->lens));
	r->cap = cap;
}

/*
 * Split a line of a bare-CR file (read with input_getline()) in place at
 * TABs into r->fields; return 1 when the line holds a NUL byte.  Such
 * files are rare, so a plain byte loop; the buffered reader below is the
 * fast path.
 */
static int
split_line(struct tsv_reader *r, char *line, size_t len)
{
	char *start = line;
	size_t n = 0, i;
	int has_nul = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '\0') {
			has_nul = 1;
		} else if (line[i] == '\t') {
			reserve_fields(r, n + 2);
			line[i] = '\0';
			r->fields[n] = start;
			r->lens[n++] = (size_t)(line + i - start);
			start = line + i + 1;
		}
	}
	reserve_fields(r, n + 1);
	r->fields[n] = start;
	r->lens[n++] = (size_t)(line + len - start);
	r->nfields = n;
	return has_nul;
}

/*
 * Keep the bytes from r->pos on (the line being read), moved to the front,
 * and read more after them.  Returns 0 at the end of the input.  Only
 * called when every buffered byte has been scanned (r->mask is 0).
 */
static int
fill(struct tsv_reader *r)
{
	size_t got;

	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->scan -= r->pos;
		r->pos = 0;
	}
	if (r->cap_buf - r->end < TSV_BLOCK / 2) {
		r->cap_buf = r->cap_buf * 2 > r->end + TSV_BLOCK
				     ? r->cap_buf * 2
				     : r->end + TSV_BLOCK;
		r->buf = xrealloc(r->buf, r->cap_buf + TSV_PAD);
		memset(r->buf + r->cap_buf, 0, TSV_PAD);
	}
	got = input_read(r->in, r->buf + r->end, r->cap_buf - r->end);
	if (got == 0) {
		r->eof = 1;
		return 0;
	}
	r->end += got;
	return 1;
}

/*
 * Which of the 16 bytes at p are TAB, LF or NUL: bit i for byte i.
 */
#ifdef __SSE2__
static uint32_t
special_bits(const char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
			 _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
	    _mm_cmpeq_epi8(v, _mm_setzero_si128()));

	return (uint32_t)_mm_movemask_epi8(m);
}
#else
/* 0x80 in each byte of w that is zero, exactly (no borrow between bytes). */
static uint64_t
zero_bytes(uint64_t w)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((w & low7) + low7) | w | low7);
}

static uint32_t
special_bits8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w, bits;

	memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	bits = zero_bytes(w) | zero_bytes(w ^ (ones * '\t')) |
	       zero_bytes(w ^ (ones * '\n'));
	/* gather the top bit of each byte into the top byte */
	return (uint32_t)(((bits >> 7) * 0x0102040810204080ULL) >> 56);
}

static uint32_t
special_bits(const char *p)
{
	return special_bits8(p) | special_bits8(p + 8) << 8;
}
#endif

/*
 * Decide how lines end, from the first CR or LF of the input (as
 * input_getline() does).  LF or CRLF: the reader splits its own buffer.
 * A bare CR: the buffered bytes go back to the input, which is then read
 * with input_getline().
 */
static void
detect_line_end(struct tsv_reader *r)
{
	size_t i;

	for (i = 0;; i++) {
		if (i == r->end && !fill(r))
			return; /* no line end at all */
		if (r->buf[i] == '\n')
			return;
		if (r->buf[i] == '\r') {
			if (i + 1 == r->end && !fill(r))
				break;
			if (r->buf[i + 1] != '\n')
				break;
			return;
		}
	}
	r->by_line = 1;
	input_unread(r->in, r->buf, r->end);
	free(r->buf);
	r->buf = NULL;
	r->pos = r->end = r->scan = r->cap_buf = 0;
}

/*
 * The next line of the buffer, split at TABs into r->fields; 0 at the
 * end of the input.  Every TAB, LF and NUL of the input is found once, in
 * a mask of 16 bytes, and each TAB becomes the NUL that ends its field.
 * When fill() moves the buffer, the fields so far are found again from
 * the line start and their lengths.  The scan state lives in locals
 * (stores into the line could alias r's fields) and goes back into r
 * around fill() and at the end.
 */
static int
next_buffered_line(struct tsv_reader *r, int *has_nul)
{
	size_t nf, e, len, k, i, pos = r->pos, end = r->end, scan = r->scan;
	size_t base = r->mask_base, *lens, cap;
	uint32_t mask = r->mask;
	char *buf = r->buf, **fields;
	int nul;

	reserve_fields(r, r->ncols + 1);
	lens = r->lens;
	fields = r->fields;
	cap = r->cap;
	for (;;) {
		nf = 1;
		nul = 0;
		fields[0] = buf + pos;
		for (;;) {
			while (mask == 0) {
				if (scan == end) {
					int more;

					r->pos = pos;
					r->scan = scan;
					r->mask = 0;
					more = fill(r);
					buf = r->buf;
					pos = r->pos;
					end = r->end;
					scan = r->scan;
					fields[0] = buf + pos;
					for (k = 1; k < nf; k++)
						fields[k] = fields[k - 1] +
							    lens[k - 1] + 1;
					if (more)
						continue;
					if (pos == end)
						return 0;
					e = end; /* last line, no LF */
					goto line_end;
				}
				base = scan;
				mask = special_bits(buf + scan);
				if (end - scan < 16) {
					mask &= (1u << (end - scan)) - 1;
					scan = end;
				} else {
					scan += 16;
				}
			}
			i = base + (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			if (buf[i] == '\t') {
				if (nf == cap) {
					reserve_fields(r, nf + 1);
					lens = r->lens;
					fields = r->fields;
					cap = r->cap;
				}
				buf[i] = '\0';
				lens[nf - 1] = (size_t)(buf + i - fields[nf - 1]);
				fields[nf++] = buf + i + 1;
			} else if (buf[i] == '\n') {
				e = i;
				break;
			} else {
				nul = 1;
			}
		}
	line_end:
		len = e - pos;
		r->lineno++;
		if (len > 0 && buf[e - 1] == '\r')
			len--;
		if (len > 0)
			break;
		pos = e < end ? e + 1 : e;
	}
	buf[pos + len] = '\0';
	lens[nf - 1] = (size_t)(buf + pos + len - fields[nf - 1]);
	r->pos = e < end ? e + 1 : e;
	r->scan = scan;
	r->mask_base = base;
	r->mask = mask;
	r->nfields = nf;
	*has_nul = nul;
	return 1;
}

/* The next non-empty line, split; 0 at the end. */
static int
next_line(struct tsv_reader *r, int *has_nul)
{
	char *line;
	size_t len;

	if (!r->by_line)
		return next_buffered_line(r, has_nul);
	do {
		if (!input_getline(r->in, &line, &len))
			return 0;
	} while (len == 0);
	r->lineno = input_lineno(r->in);
	*has_nul = split_line(r, line, len);
	return 1;
}

struct tsv_reader *
tsv_open(const char *path)
{
	struct tsv_reader *r = xcalloc(1, sizeof(*r));
	int has_nul;
	size_t i;

	r->in = input_open(path);
	r->index = strmap_new();
	detect_line_end(r);
	if (!next_line(r, &has_nul))
		return r;
	if (has_nul) /* a name would end at the NUL: refuse, do not guess */
		die(EXIT_DATA, "%s:%ld: NUL byte in the header",
		    input_name(r->in), r->lineno);
	r->ncols = r->nfields;
	r->names = xcalloc(r->ncols, sizeof(*r->names));
	r->col_of_id = xcalloc(r->ncols, sizeof(*r->col_of_id));
	for (i = 0; i < r->ncols; i++) {
		int added;
		size_t id;

		r->names[i] = xmemdup(r->fields[i], r->lens[i]);
		id = strmap_intern(r->index, r->fields[i], r->lens[i], &added);
		if (added) /* a repeated name: the first one is found */
			r->col_of_id[id] = (int)i;
	}
	r->nfields = 0;
	return r;
}

const char *
tsv_name(const struct tsv_reader *r)
{
	return input_name(r->in);
}

size_t
tsv_ncols(const struct tsv_reader *r)
{
	return r->ncols;
}

const char *
tsv_colname(const struct tsv_reader *r, size_t i)
{
	return i < r->ncols ? r->names[i] : "";
}

int
tsv_column(const struct tsv_reader *r, const char *name)
{
	long id = strmap_find(r->index, name, strlen(name));

	return id < 0 ? -1 : r->col_of_id[id];
}

int
tsv_next(struct tsv_reader *r)
{
	int has_nul;

	r->error[0] = '\0';
	if (!next_line(r, &has_nul))
		return 0;
	if (has_nul) {
		(void)snprintf(r->error, sizeof(r->error), "NUL byte in line");
		return -1;
	}
	if (r->nfields != r->ncols) {
		(void)snprintf(r->error, sizeof(r->error),
			       "%zu fields, header has %zu", r->nfields, r->ncols);
		return -1;
	}
	return 1;
}

const char *
tsv_error(const struct tsv_reader *r)
{
	return r->error;
}

size_t
tsv_nfields(const struct tsv_reader *r)
{
	return r->nfields;
}

const char *
tsv_field(const struct tsv_reader *r, int i)
{
	if (i < 0 || (size_t)i >= r->nfields)
		return "";
	return r->fields[i];
}

const char *const *
tsv_row(const struct tsv_reader *r, const size_t **lens)
{
	*lens = r->lens;
	return (const char *const *)r->fields;
}

size_t
tsv_field_len(const struct tsv_reader *r, int i)
{
	if (i < 0 || (size_t)i >= r->nfields)
		return 0;
	return r->lens[i];
}

long
tsv_lineno(const struct tsv_reader *r)
{
	return r->lineno;
}

unsigned long long
tsv_bytes(const struct tsv_reader *r)
{
	return input_bytes(r->in);
}

long long
tsv_offset(const struct tsv_reader *r)
{
	long long at;

	if (r->by_line || (at = input_offset(r->in)) < 0)
		return -1;
	return at - (long long)(r->end - r->pos);
}

int
tsv_read_range(struct tsv_reader *r, long long start, long long end)
{
	if (tsv_offset(r) < 0 || input_read_range(r->in, start, end) != 0)
		return -1;
	r->pos = r->end = r->scan = r->mask_base = 0;
	r->mask = 0;
	r->eof = 0;
	return 0;
}

void
tsv_close(struct tsv_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	input_close(r->in);
	for (i = 0; i < r->ncols; i++)
		free(r->names[i]);
	free(r->names);
	free(r->col_of_id);
	strmap_free(r->index);
	free(r->fields);
	free(r->lens);
	free(r->buf);
	free(r);
}

size_t
tsv_unescape(const char *s, size_t len, char *out)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < len) {
			switch (s[i + 1]) {
			case 't':
				c = '\t';
				i++;
				break;
			case 'n':
				c = '\n';
				i++;
				break;
			case 'r':
				c = '\r';
				i++;
				break;
			case '\\':
				i++;
				break;
			}
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

void
tsv_put_field(FILE *f, const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *q = p;

		while (q < end && *q != '\t' && *q != '\n' && *q != '\r' &&
		       *q != '\\')
			q++;
		if (q > p)
			fwrite(p, 1, (size_t)(q - p), f);
		if (q == end)
			break;
		putc('\\', f);
		putc(*q == '\t' ? 't' : *q == '\n' ? 'n' : *q == '\r' ? 'r' : '\\',
		     f);
		p = q + 1;
	}
}

void
tsv_put_str(FILE *f, const char *s)
{
	tsv_put_field(f, s, strlen(s));
}

/*
 * num_format() without printf for the usual case: t = |v| * 10^decimals
 * below 2^52, whose rounding to an integer is not in doubt (the
 * fraction of t is further from one half than t's own rounding error,
 * at most t * 2^-53).  Writes the digits into buf and returns 0, or -1
 * when num_format() must decide.
 */
static int
format_fixed_fast(char *buf, double v, int decimals)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5,
				       1e6, 1e7, 1e8, 1e9};
	char digits[32], *p = digits + sizeof(digits);
	double t, whole, frac;
	uint64_t n;
	int k = 0;

	if (decimals < 0 || decimals > 9)
		return -1;
	t = fabs(v) * pow10[decimals];
	if (!(t < 4503599627370496.0)) /* 2^52 */
		return -1;
	whole = floor(t);
	frac = t - whole;
	if (fabs(frac - 0.5) <= t * 0x1p-51 + 0x1p-60)
		return -1;
	n = (uint64_t)whole + (frac > 0.5);
	if (v < 0 && n > 0) /* never "-0.00" */
		*buf++ = '-';
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
		k++;
	} while (n > 0 || k <= decimals);
	memcpy(buf, p, (size_t)(k - decimals));
	buf += k - decimals;
	if (decimals > 0) {
		*buf++ = '.';
		memcpy(buf, p + k - decimals, (size_t)decimals);
		buf += decimals;
	}
	*buf = '\0';
	return 0;
}

void
tsv_put_fixed(FILE *f, double v, int decimals)
{
	char buf[DBL_MAX_10_EXP + 64]; /* any finite v: 309 digits, decimals */

	if (!isfinite(v))
		return;
	if (format_fixed_fast(buf, v, decimals) != 0)
		num_format(buf, sizeof(buf), v, decimals);
	fputs(buf, f);
}

void
tsv_put_num(FILE *f, double v)
{
	char buf[64];

	if (!isfinite(v))
		return;
	num_format_shortest(buf, sizeof(buf), v);
	fputs(buf, f);
}

void
tsv_put_long(FILE *f, long long v)
{
	fprintf(f, "%lld", v);
}

void
tsv_put_date(FILE *f, int day)
{
	char buf[DATE_BUFSIZE];

	date_format(day, buf);
	fputs(buf, f);
}
