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
#include "utf8.h"
#include "xalloc.h"

/*
 * The reader keeps its own buffer, filled with input_read(), and finds
 * the TAB, LF and NUL bytes of the 64 bytes from a line's start at once,
 * as three bit masks.  A file whose first line end is a bare CR is handed
 * to input_getline() instead (r->by_line), which knows that kind of line
 * end.
 */
/* reads of 512 KiB or more skip zlib's buffer */
#define TSV_BLOCK ((size_t)1024 * 1024)
#define TSV_SCAN 64      /* bytes per mask */
#define TSV_PAD TSV_SCAN /* readable bytes after the data (over-read) */

/* What a line holds that its row is looked at again for (tsv_next()). */
#define LINE_NUL 1  /* a NUL byte */
#define LINE_HIGH 2 /* perhaps a byte of 0x80 or above: UTF-8 to check */

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
	char error[192];
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
 * TABs into r->fields; return its marks (LINE_NUL, LINE_HIGH).  Such
 * files are rare, so a plain byte loop; the buffered reader below is the
 * fast path.
 */
static int
split_line(struct tsv_reader *r, char *line, size_t len)
{
	char *start = line;
	size_t n = 0, i;
	int marks = utf8_has_high(line, len) ? LINE_HIGH : 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '\0') {
			marks |= LINE_NUL;
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
	return marks;
}

/*
 * Keep the bytes from r->pos on (the line being read), moved to the front,
 * and read more after them.  Returns 0 at the end of the input.  Only
 * called when every buffered byte has been looked at.
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
		r->pos = 0;
	}
	if (r->cap_buf - r->end < TSV_BLOCK / 2) {
		size_t old = r->cap_buf;

		r->cap_buf = r->cap_buf * 2 > r->end + TSV_BLOCK
				     ? r->cap_buf * 2
				     : r->end + TSV_BLOCK;
		r->buf = xrealloc(r->buf, r->cap_buf + TSV_PAD);
		/* every byte the masks read past the data holds a value */
		memset(r->buf + old, 0, r->cap_buf - old + TSV_PAD);
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
 * The TAB, LF and NUL bytes of the TSV_SCAN bytes at p: bit i of *tabs,
 * *lfs and *nuls for byte i.  NUL bytes are looked for in all the bytes
 * at once first, as there almost never are any.  *high is set when any
 * of the bytes is 0x80 or above (perhaps after the line's end: the line
 * is then checked for nothing).
 */
#ifdef __SSE2__
/* Bit i for each byte i of v that equals the bytes of c. */
static uint64_t
equal_bits(__m128i v, __m128i c)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c));
}

static inline void
find_specials(const char *p, uint64_t *tabs, uint64_t *lfs, uint64_t *nuls,
              int *high)
{
	const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
	const __m128i zero = _mm_setzero_si128();
	const __m128i *q = (const __m128i *)(const void *)p;
	__m128i v0 = _mm_loadu_si128(q), v1 = _mm_loadu_si128(q + 1);
	__m128i v2 = _mm_loadu_si128(q + 2), v3 = _mm_loadu_si128(q + 3);
	__m128i least =
	    _mm_min_epu8(_mm_min_epu8(v0, v1), _mm_min_epu8(v2, v3));

	*tabs = equal_bits(v0, tab) | equal_bits(v1, tab) << 16 |
	        equal_bits(v2, tab) << 32 | equal_bits(v3, tab) << 48;
	*lfs = equal_bits(v0, lf) | equal_bits(v1, lf) << 16 |
	       equal_bits(v2, lf) << 32 | equal_bits(v3, lf) << 48;
	*nuls = 0;
	if (equal_bits(least, zero) != 0)
		*nuls = equal_bits(v0, zero) | equal_bits(v1, zero) << 16 |
		        equal_bits(v2, zero) << 32 | equal_bits(v3, zero) << 48;
	*high = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v0, v1),
	                                       _mm_or_si128(v2, v3))) != 0;
}
#else
/* 0x80 in each byte of w that is zero, exactly (no borrow between bytes). */
static uint64_t
zero_bytes(uint64_t w)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((w & low7) + low7) | w | low7);
}

/* The top bits of the 8 bytes of w (from zero_bytes()) as 8 bits. */
static uint64_t
gather_bits(uint64_t w)
{
	return ((w >> 7) * 0x0102040810204080ULL) >> 56;
}

static inline void
find_specials(const char *p, uint64_t *tabs, uint64_t *lfs, uint64_t *nuls,
              int *high)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w[TSV_SCAN / 8], zeros = 0, highs = 0;
	int k;

	*tabs = *lfs = *nuls = 0;
	for (k = 0; k < TSV_SCAN / 8; k++) {
		memcpy(&w[k], p + 8 * k, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w[k] = __builtin_bswap64(w[k]);
#endif
		*tabs |= gather_bits(zero_bytes(w[k] ^ (ones * '\t'))) << 8 * k;
		*lfs |= gather_bits(zero_bytes(w[k] ^ (ones * '\n'))) << 8 * k;
		zeros |= zero_bytes(w[k]);
		highs |= w[k];
	}
	*high = (highs & ones * 0x80) != 0;
	if (zeros != 0)
		for (k = 0; k < TSV_SCAN / 8; k++)
			*nuls |= gather_bits(zero_bytes(w[k])) << 8 * k;
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
	r->pos = r->end = r->cap_buf = 0;
}

/*
 * The next line of the buffer, split at TABs into r->fields; 0 at the
 * end of the input.  next_buffered_line() below takes the usual line
 * first; this takes any.  The masks of the 64 bytes from the line start
 * say where its LF is, and its TABs are the TAB bits below that; a longer
 * line takes every TAB of each 64 bytes until its LF shows.  Each TAB
 * becomes the NUL that ends its field.  When fill() moves the buffer, the
 * fields so far are found again from the line start and their lengths.
 * The state lives in locals (stores into the line could alias r's
 * fields) and goes back into r around fill() and at the end.
 */
static int
split_any_line(struct tsv_reader *r, int *marks)
{
	size_t e, len, i, k, nf, cap, start, at, pos = r->pos, end = r->end;
	size_t *lens;
	uint64_t tabs, lfs, nuls, below;
	char *buf = r->buf, **fields;
	int high, m;

	reserve_fields(r, r->ncols + TSV_SCAN);
	fields = r->fields;
	lens = r->lens;
	cap = r->cap;
	for (;;) {
		nf = 1;
		start = pos; /* of field nf - 1 */
		fields[0] = buf + pos;
		m = 0; /* the line's marks */
		for (at = pos;;) {
			if (at == end) {
				int more;

				r->pos = pos;
				more = fill(r);
				start = r->pos + (start - pos);
				at = r->pos + (at - pos);
				buf = r->buf;
				pos = r->pos;
				end = r->end;
				fields[0] = buf + pos;
				for (k = 1; k < nf; k++)
					fields[k] =
					    fields[k - 1] + lens[k - 1] + 1;
				if (!more) {
					if (pos == end)
						return 0;
					e = end; /* last line, no LF */
					break;
				}
			}
			find_specials(buf + at, &tabs, &lfs, &nuls, &high);
			if (high)
				m |= LINE_HIGH;
			if (end - at < TSV_SCAN) { /* not the bytes past end */
				uint64_t keep = ((uint64_t)1 << (end - at)) - 1;

				tabs &= keep;
				lfs &= keep;
				nuls &= keep;
			}
			/* the bytes before the LF, or all of them */
			below = lfs != 0 ? (lfs - 1) & ~lfs : ~(uint64_t)0;
			tabs &= below;
			if (nuls & below)
				m |= LINE_NUL;
			if (cap - nf < TSV_SCAN) { /* room for 64 TABs */
				reserve_fields(r, nf + TSV_SCAN);
				fields = r->fields;
				lens = r->lens;
				cap = r->cap;
			}
			while (tabs != 0) {
				i = at + (unsigned)__builtin_ctzll(tabs);
				tabs &= tabs - 1;
				buf[i] = '\0';
				lens[nf - 1] = i - start;
				start = i + 1;
				fields[nf++] = buf + start;
			}
			if (lfs != 0) {
				e = at + (unsigned)__builtin_ctzll(lfs);
				break;
			}
			at = end - at < TSV_SCAN ? end : at + TSV_SCAN;
		}
		len = e - pos;
		r->lineno++;
		if (len > 0 && buf[e - 1] == '\r')
			len--;
		if (len > 0)
			break;
		pos = e < end ? e + 1 : e;
	}
	buf[pos + len] = '\0';
	lens[nf - 1] = pos + len - start;
	r->pos = e < end ? e + 1 : e;
	r->nfields = nf;
	*marks = m;
	return 1;
}

/*
 * The next line, split: here the usual line, one that ends within the 64
 * bytes from its start, holds no NUL byte among them and is not empty;
 * its at most 63 TABs fit in r->fields (r->cap is 64 or more after the
 * first split_any_line()).  Anything else, and the last 63 bytes of the
 * buffer, go to split_any_line().  Looking from each line's own start,
 * the TAB loop runs as many times for each line of a file whose lines
 * look alike, which the branch predictor likes.
 */
static int
next_buffered_line(struct tsv_reader *r, int *marks)
{
	size_t pos = r->pos, e, len, nf;
	uint64_t tabs, lfs, nuls;
	int high;
	char *buf = r->buf, **fields = r->fields, *line, *field;
	size_t *lens = r->lens;

	if (r->end - pos < TSV_SCAN || r->cap < TSV_SCAN)
		return split_any_line(r, marks);
	find_specials(buf + pos, &tabs, &lfs, &nuls, &high);
	if (lfs == 0 || nuls != 0)
		return split_any_line(r, marks);
	e = pos + (unsigned)__builtin_ctzll(lfs);
	len = e - pos;
	if (len > 0 && buf[e - 1] == '\r')
		len--;
	if (len == 0)
		return split_any_line(r, marks);
	/* the TABs before the first LF (the other LF bits are no TABs) */
	tabs &= lfs - 1;
	line = buf + pos;
	field = line;
	fields[0] = line;
	for (nf = 1; tabs != 0; nf++) {
		char *tab = line + (unsigned)__builtin_ctzll(tabs);

		tabs &= tabs - 1;
		*tab = '\0';
		lens[nf - 1] = (size_t)(tab - field);
		field = tab + 1;
		fields[nf] = field;
	}
	line[len] = '\0';
	lens[nf - 1] = (size_t)(line + len - field);
	r->pos = e + 1;
	r->lineno++;
	r->nfields = nf;
	*marks = high ? LINE_HIGH : 0;
	return 1;
}

/* The next non-empty line, split, its marks in *marks; 0 at the end. */
static int
next_line(struct tsv_reader *r, int *marks)
{
	char *line;
	size_t len;

	if (!r->by_line)
		return next_buffered_line(r, marks);
	do {
		if (!input_getline(r->in, &line, &len))
			return 0;
	} while (len == 0);
	r->lineno = input_lineno(r->in);
	*marks = split_line(r, line, len);
	return 1;
}

/*
 * The first field of the current row that is not valid UTF-8, with the
 * offset of its first bad byte in *bad; r->nfields when there is none.
 */
static size_t
first_bad_field(const struct tsv_reader *r, size_t *bad)
{
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		*bad = utf8_check(r->fields[i], r->lens[i]);
		if (*bad < r->lens[i])
			return i;
	}
	return r->nfields;
}

struct tsv_reader *
tsv_open(const char *path)
{
	struct tsv_reader *r = xcalloc(1, sizeof(*r));
	int marks;
	size_t i, bad;

	r->in = input_open(path);
	r->index = strmap_new();
	detect_line_end(r);
	if (!next_line(r, &marks))
		return r;
	if (marks & LINE_NUL) /* a name would end at the NUL: refuse */
		die(EXIT_DATA, "%s:%ld: NUL byte in the header",
		    input_name(r->in), r->lineno);
	if ((marks & LINE_HIGH) &&
	    (i = first_bad_field(r, &bad)) < r->nfields)
		die(EXIT_DATA,
		    "%s:%ld: column %zu of the header: invalid UTF-8 (byte "
		    "0x%02X at byte %zu of the name)",
		    input_name(r->in), r->lineno, i + 1,
		    (unsigned char)r->fields[i][bad], bad + 1);
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
	size_t i, bad;
	int marks;

	r->error[0] = '\0';
	if (!next_line(r, &marks))
		return 0;
	if (marks & LINE_NUL) {
		(void)snprintf(r->error, sizeof(r->error), "NUL byte in line");
		return -1;
	}
	if (r->nfields != r->ncols) {
		(void)snprintf(r->error, sizeof(r->error),
			       "%zu fields, header has %zu", r->nfields, r->ncols);
		return -1;
	}
	if ((marks & LINE_HIGH) &&
	    (i = first_bad_field(r, &bad)) < r->nfields) {
		(void)snprintf(r->error, sizeof(r->error),
			       "column '%.40s': invalid UTF-8 (byte 0x%02X at "
			       "byte %zu of the field; Latin-1 text? "
			       "rm-import --latin1 converts it)",
			       r->names[i], (unsigned char)r->fields[i][bad],
			       bad + 1);
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
tsv_size(const struct tsv_reader *r)
{
	return input_size(r->in);
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
	r->pos = r->end = 0;
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
