/*
 * import.c - turn CSV/TSV exports into rmkit events or account tables.
 *
 * The hot path (import_row and what it calls) allocates nothing: fields
 * come from the CSV reader's record buffer, any converted text (TSV
 * escapes undone, Latin-1 recoded) goes to one scratch buffer sized once
 * per row, and output goes straight to the buffered stream.  A row is
 * first checked completely (all its events), then written, so a rejected
 * row leaves no partial output.
 *
 * A file's header is read and its columns chosen here; its records then
 * come through a recpipe (recpipe.h), which may parse them on a second
 * thread.  Everything in this file runs on the caller's thread, in input
 * order: rows, rejections, messages and progress.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "csvread.h"
#include "date.h"
#include "error.h"
#include "event.h"
#include "import.h"
#include "input.h"
#include "num.h"
#include "recpipe.h"
#include "sniff.h"
#include "strmap.h"
#include "tsv.h"
#include "utf8.h"
#include "xalloc.h"

#define MAX_ALSO 8
#define REASON_SIZE 512
#define TYPE_MEMO 8

enum canon_id {
	C_ACCOUNT,
	C_DATE,
	C_TYPE,
	C_VALUE,
	C_REF,
	C_KIND,
	C_QUANTITY,
	C_NAME,
	C_OWNER,
	C_SEGMENT,
	C_TIER,
	C_INDUSTRY,
	C_REGION,
	C_START,
	C_RENEWAL,
	C_ARR,
	NCANON
};

enum { FOR_EVENTS = 1, FOR_ACCOUNTS = 2 };
enum value_kind { K_TEXT, K_DATE, K_NUMBER, K_TYPE };

static const struct canon {
	const char *name;
	unsigned modes;
	enum value_kind kind;
} canons[NCANON] = {
    {"account", FOR_EVENTS | FOR_ACCOUNTS, K_TEXT},
    {"date", FOR_EVENTS, K_DATE},
    {"type", FOR_EVENTS, K_TYPE},
    {"value", FOR_EVENTS, K_NUMBER},
    {"ref", FOR_EVENTS, K_TEXT},
    {"kind", FOR_EVENTS, K_TEXT},
    {"quantity", FOR_EVENTS, K_NUMBER},
    {"name", FOR_ACCOUNTS, K_TEXT},
    {"owner", FOR_ACCOUNTS, K_TEXT},
    {"segment", FOR_ACCOUNTS, K_TEXT},
    {"tier", FOR_ACCOUNTS, K_TEXT},
    {"industry", FOR_ACCOUNTS, K_TEXT},
    {"region", FOR_ACCOUNTS, K_TEXT},
    {"start", FOR_ACCOUNTS, K_DATE},
    {"renewal", FOR_ACCOUNTS, K_DATE},
    {"arr", FOR_ACCOUNTS, K_NUMBER},
};

/* One "A=b" translation. */
struct pair {
	char *from, *to;
	size_t from_len;
};

/* "A=b,C=d" translations; from "*" matches any value not listed. */
struct pairmap {
	size_t n, cap;
	struct pair *p;
	const char *other; /* the "*" entry's target, or NULL */
};

/* One --also rule: a further event from the same row. */
struct also_rule {
	char *type;      /* constant type, or NULL */
	char *type_from; /* or a column translated by the type map */
	char *date;      /* column of the event's date (required) */
	char *value;     /* column of its value, or NULL */
	char *set_value; /* constant value text, or NULL */
	double set_num;  /* set_value as a number */
	int i_type, i_date, i_value;
};

/* A converted field: bytes and length. */
struct cell {
	const char *s;
	size_t len;
};

/* c without blanks (spaces and TABs) at either end. */
static inline struct cell
trim(struct cell c)
{
	while (c.len > 0 && (*c.s == ' ' || *c.s == '\t')) {
		c.s++;
		c.len--;
	}
	while (c.len > 0 && (c.s[c.len - 1] == ' ' || c.s[c.len - 1] == '\t'))
		c.len--;
	return c;
}

/* One event of a row, checked and ready to write. */
struct pending {
	const char *type;
	char iso[DATE_BUFSIZE]; /* the date */
	int has_value;
	double value;
	struct cell vtext; /* canonical text of value, when len > 0 */
	char vbuf[32];     /* room for that text */
	int with_kind;
};

struct import {
	enum import_mode mode;
	char *map[NCANON];
	char *type_const, *kind_const;
	struct pairmap type_map, value_map, kind_map;
	struct also_rule also[MAX_ALSO];
	size_t nalso;
	char **keep;
	size_t nkeep;
	unsigned date_flags;
	struct num_style num;
	int latin1;
	/* input */
	enum import_format format;
	char delim;
	size_t max_record;
	/* rejects */
	FILE *rejects;
	unsigned max_stderr;
	int progress;
	/* output */
	int header_written;
	char **raw_cols; /* raw mode: the output columns */
	size_t nraw;
	/* the current file */
	const char *file;
	struct csv_reader *reader;
	struct recpipe *pipe; /* the reader's records after the header */
	int tsv;
	char **header;
	size_t ncols;
	int idx[NCANON];
	int *keep_idx, *raw_idx;
	unsigned char *wanted; /* columns used, for csv_reader_select() */
	const char *rec;       /* the current record (csv_reader_record()) */
	const size_t *rec_off, *rec_len;
	/* output buffer */
	char *ob;
	size_t ob_len, ob_cap;
	/* per row */
	char *scratch;
	size_t scratch_cap, scratch_len;
	char reason[REASON_SIZE];
	struct pending ev[1 + MAX_ALSO];
	int value_reusable; /* ev[0] holds the value column as read */
	const char *type_name[TYPE_MEMO]; /* see type_id() */
	int type_num[TYPE_MEMO];
	/* accounts mode */
	struct strmap *seen;
	struct import_counts counts;
};

static int set_err(char *err, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
set_err(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return -1;
}

struct import *
import_new(void)
{
	struct import *im = xcalloc(1, sizeof(*im));

	im->mode = IMPORT_EVENTS;
	im->num.decimal = '.';
	im->max_stderr = 10;
	im->progress = PROGRESS_OFF;
	return im;
}

static int
canon_find(const char *name)
{
	int i;

	for (i = 0; i < NCANON; i++)
		if (strcmp(canons[i].name, name) == 0)
			return i;
	return -1;
}

static void
replace(char **slot, const char *value)
{
	free(*slot);
	*slot = value ? xstrdup(value) : NULL;
}

int
import_map(struct import *im, const char *canon, const char *source, char *err,
           size_t errsize)
{
	int c = canon_find(canon);

	if (c < 0)
		return set_err(err, errsize,
		               "unknown canonical column '%s' (want account, "
		               "date, type, value, ref, kind, quantity, name, "
		               "owner, segment, tier, industry, region, start, "
		               "renewal or arr)",
		               canon);
	if (*source == '\0')
		return set_err(err, errsize, "empty source column for '%s'",
		               canon);
	if (c == C_TYPE)
		replace(&im->type_const, NULL);
	replace(&im->map[c], source);
	return 0;
}

static int
is_event_type(const char *s)
{
	return event_type_parse(s, strlen(s)) >= 0;
}

static void
pairmap_clear(struct pairmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->p[i].from);
		free(m->p[i].to);
	}
	free(m->p);
	memset(m, 0, sizeof(*m));
}

/* Trimmed copy of s[0..len). */
static char *
trimmed_copy(const char *s, size_t len)
{
	struct cell c = trim((struct cell){s, len});

	return xmemdup(c.s, c.len);
}

/*
 * Parse "A=b,C=d" into m (added to what it holds).  A value may hold a
 * comma written "\,".  With types set, every target must be an event
 * type or "-".
 */
static int
pairmap_parse(struct pairmap *m, const char *spec, int types,
              const char *option, char *err, size_t errsize)
{
	char *copy = xstrdup(spec), *p = copy, *w = copy;
	int rc = 0;

	for (;;) {
		char *item = w, *eq, sep;
		struct pair *pr;

		while (*p && *p != ',') {
			if (*p == '\\' && p[1] == ',')
				p++;
			*w++ = *p++;
		}
		sep = *p;
		*w = '\0';
		eq = strrchr(item, '=');
		if (eq == NULL || eq == item) {
			rc = set_err(err, errsize,
			             "invalid --%s item '%s' (want "
			             "VALUE=TARGET)",
			             option, item);
			break;
		}
		grow_array((void **)&m->p, &m->cap, m->n + 1, sizeof(*m->p));
		pr = &m->p[m->n];
		pr->from = trimmed_copy(item, (size_t)(eq - item));
		pr->from_len = strlen(pr->from);
		pr->to = trimmed_copy(eq + 1, strlen(eq + 1));
		if (types && strcmp(pr->to, "-") != 0 &&
		    !is_event_type(pr->to)) {
			rc = set_err(err, errsize,
			             "--%s: '%s' is not an event type", option,
			             pr->to);
			m->n++;
			break;
		}
		if (strcmp(pr->from, "*") == 0)
			m->other = pr->to;
		m->n++;
		if (sep == '\0')
			break;
		p++;
		w = p;
	}
	free(copy);
	return rc;
}

/* The target of value s (len bytes) in m, or NULL. */
static const char *
pairmap_lookup(const struct pairmap *m, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->p[i].from_len == len &&
		    (len == 0 || m->p[i].from[0] == s[0]) &&
		    memcmp(m->p[i].from, s, len) == 0)
			return m->p[i].to;
	return m->other;
}

static void
also_clear(struct also_rule *a)
{
	free(a->type);
	free(a->type_from);
	free(a->date);
	free(a->value);
	free(a->set_value);
	memset(a, 0, sizeof(*a));
}

/* Parse "type=T,date=COL[,value=COL|set-value=N]" (or type-from=COL). */
static int
also_parse(struct also_rule *a, const char *spec, char *err, size_t errsize)
{
	struct pairmap kv = {0};
	size_t i;
	int rc;

	memset(a, 0, sizeof(*a));
	if (pairmap_parse(&kv, spec, 0, "also", err, errsize) != 0) {
		pairmap_clear(&kv);
		return -1;
	}
	rc = 0;
	for (i = 0; i < kv.n && rc == 0; i++) {
		const char *k = kv.p[i].from, *v = kv.p[i].to;
		char **slot = NULL;

		if (strcmp(k, "type") == 0)
			slot = &a->type;
		else if (strcmp(k, "type-from") == 0)
			slot = &a->type_from;
		else if (strcmp(k, "date") == 0)
			slot = &a->date;
		else if (strcmp(k, "value") == 0)
			slot = &a->value;
		else if (strcmp(k, "set-value") == 0)
			slot = &a->set_value;
		else
			rc = set_err(err, errsize,
			             "--also: unknown key '%s' (want type, "
			             "type-from, date, value or set-value)",
			             k);
		if (slot)
			replace(slot, v);
	}
	pairmap_clear(&kv);
	if (rc == 0 && (a->type == NULL) == (a->type_from == NULL))
		rc = set_err(
		    err, errsize,
		    "--also '%s': give one of type= and type-from=", spec);
	else if (rc == 0 && a->type && !is_event_type(a->type))
		rc = set_err(err, errsize,
		             "--also '%s': '%s' is not an event type", spec,
		             a->type);
	else if (rc == 0 && a->date == NULL)
		rc = set_err(err, errsize, "--also '%s': date= is required",
		             spec);
	else if (rc == 0 && a->value && a->set_value)
		rc = set_err(err, errsize,
		             "--also '%s': give value= or set-value=, not "
		             "both",
		             spec);
	if (rc == 0 && a->set_value) {
		if (num_parse(a->set_value, strlen(a->set_value),
		              &a->set_num) != 0)
			rc = set_err(err, errsize,
			             "--also '%s': invalid set-value '%s'",
			             spec, a->set_value);
	}
	if (rc != 0)
		also_clear(a);
	return rc;
}

int
import_option(struct import *im, const char *name, const char *value, char *err,
              size_t errsize)
{
	if (strcmp(name, "type") == 0) {
		if (!is_event_type(value))
			return set_err(err, errsize,
			               "--type: '%s' is not an event type "
			               "(see rmkit(7))",
			               value);
		replace(&im->type_const, value);
		replace(&im->map[C_TYPE], NULL);
	} else if (strcmp(name, "type-from") == 0) {
		return import_map(im, "type", value, err, errsize);
	} else if (strcmp(name, "type-map") == 0) {
		return pairmap_parse(&im->type_map, value, 1, name, err,
		                     errsize);
	} else if (strcmp(name, "value-map") == 0) {
		return pairmap_parse(&im->value_map, value, 0, name, err,
		                     errsize);
	} else if (strcmp(name, "kind-map") == 0) {
		return pairmap_parse(&im->kind_map, value, 0, name, err,
		                     errsize);
	} else if (strcmp(name, "kind") == 0) {
		replace(&im->kind_const, value);
		replace(&im->map[C_KIND], NULL);
	} else if (strcmp(name, "also") == 0) {
		if (im->nalso == MAX_ALSO)
			return set_err(err, errsize,
			               "too many --also rules (at most %d)",
			               MAX_ALSO);
		if (also_parse(&im->also[im->nalso], value, err, errsize) != 0)
			return -1;
		im->nalso++;
	} else if (strcmp(name, "keep") == 0) {
		im->keep =
		    xreallocarray(im->keep, im->nkeep + 1, sizeof(*im->keep));
		im->keep[im->nkeep++] = xstrdup(value);
	} else if (strcmp(name, "accounts") == 0) {
		im->mode = IMPORT_ACCOUNTS;
	} else if (strcmp(name, "raw") == 0) {
		im->mode = IMPORT_RAW;
	} else if (strcmp(name, "dmy") == 0) {
		im->date_flags |= DATE_DMY;
	} else if (strcmp(name, "excel-dates") == 0) {
		im->date_flags |= DATE_EXCEL;
	} else if (strcmp(name, "decimal-comma") == 0) {
		im->num.decimal = ',';
	} else if (strcmp(name, "latin1") == 0) {
		im->latin1 = 1;
	} else {
		return set_err(err, errsize, "unknown option '--%s'", name);
	}
	return 0;
}

static int
option_takes_value(const char *name)
{
	static const char *const flags[] = {
	    "accounts", "raw", "dmy", "excel-dates", "decimal-comma", "latin1"};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(flags[i], name) == 0)
			return 0;
	return 1;
}

/* One map-file line (NUL terminated, no line end). */
static int
map_line(struct import *im, char *line, char *err, size_t errsize)
{
	char *tab = strchr(line, '\t'), *value;
	size_t len = strlen(line);

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	if (strncmp(line, "--", 2) == 0) {
		if (tab)
			*tab = '\0';
		if (option_takes_value(line + 2) && tab == NULL)
			return set_err(err, errsize,
			               "option '%s' needs a TAB and a value",
			               line);
		return import_option(im, line + 2, tab ? tab + 1 : "", err,
		                     errsize);
	}
	if (tab == NULL)
		return set_err(err, errsize,
		               "want 'canonical<TAB>source column', got '%s'",
		               line);
	*tab = '\0';
	value = tab + 1;
	tsv_unescape(value, strlen(value), value);
	return import_map(im, line, value, err, errsize);
}

int
import_load_map(struct import *im, const char *text, const char *name,
                char *err, size_t errsize)
{
	char *copy = xstrdup(text), *line = copy, *nl;
	char why[400];
	long lineno = 0;
	int rc = 0;

	for (; line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		lineno++;
		if (map_line(im, line, why, sizeof(why)) != 0) {
			rc = set_err(err, errsize, "%s:%ld: %s", name, lineno,
			             why);
			break;
		}
	}
	free(copy);
	return rc;
}

/* FOR_ACCOUNTS or FOR_EVENTS: which canonical columns im's mode has. */
static unsigned
columns_for(const struct import *im)
{
	return im->mode == IMPORT_ACCOUNTS ? FOR_ACCOUNTS : FOR_EVENTS;
}

int
import_check(const struct import *im, char *err, size_t errsize)
{
	unsigned want = columns_for(im);
	int i;

	if (im->mode == IMPORT_RAW)
		return 0;
	for (i = 0; i < NCANON; i++)
		if (im->map[i] && !(canons[i].modes & want))
			return set_err(
			    err, errsize, "'%s' is not a column of %s",
			    canons[i].name,
			    im->mode == IMPORT_ACCOUNTS ? "an account table"
			                                : "an event stream");
	if (im->mode == IMPORT_ACCOUNTS && (im->nalso || im->type_const))
		return set_err(err, errsize,
		               "--also and --type make events, not an "
		               "account table");
	return 0;
}

enum import_mode
import_get_mode(const struct import *im)
{
	return im->mode;
}

void
import_set_input(struct import *im, enum import_format format, char delim,
                 size_t max_record)
{
	im->format = format;
	im->delim = delim;
	im->max_record = max_record;
}

void
import_set_rejects(struct import *im, FILE *f, unsigned max_stderr)
{
	im->rejects = f;
	im->max_stderr = max_stderr;
	if (f)
		fputs("file\tline\treason\trecord\n", f);
}

void
import_set_progress(struct import *im, int mode)
{
	im->progress = mode;
}

struct import_counts
import_get_counts(const struct import *im)
{
	return im->counts;
}

/* ---------------------------------------------------------------- */
/* Fields of the current record                                     */

/* Make sure the scratch buffer can take n more bytes without moving. */
static void
scratch_reserve(struct import *im, size_t n)
{
	grow_array((void **)&im->scratch, &im->scratch_cap, n + 1, 1);
	im->scratch_len = 0;
}

/* Recode Latin-1 bytes to UTF-8 into the scratch buffer. */
static struct cell
latin1_to_utf8(struct import *im, struct cell c)
{
	char *out = im->scratch + im->scratch_len;
	size_t i, n = 0;

	for (i = 0; i < c.len; i++) {
		unsigned char b = (unsigned char)c.s[i];

		if (b < 0x80) {
			out[n++] = (char)b;
		} else {
			out[n++] = (char)(0xc0 | (b >> 6));
			out[n++] = (char)(0x80 | (b & 0x3f));
		}
	}
	im->scratch_len += n;
	return (struct cell){out, n};
}

/* Source field i, TSV escapes undone, recoded; not trimmed. */
static inline struct cell
field_raw(struct import *im, int i)
{
	struct cell c;

	c.s = im->rec + im->rec_off[i]; /* i < ncols == nfields */
	c.len = im->rec_len[i];
	if (im->tsv && memchr(c.s, '\\', c.len)) {
		char *out = im->scratch + im->scratch_len;

		c.len = tsv_unescape(c.s, c.len, out);
		c.s = out;
		im->scratch_len += c.len + 1;
	}
	if (im->latin1 && utf8_has_high(c.s, c.len))
		c = latin1_to_utf8(im, c);
	return c;
}

/* Source field i trimmed; an empty cell when i < 0. */
static inline struct cell
field(struct import *im, int i)
{
	if (i < 0)
		return (struct cell){"", 0};
	return trim(field_raw(im, i));
}

/* ---------------------------------------------------------------- */
/* Rejections                                                       */

/* Write s into buf for a message: escaped, at most about 60 bytes. */
static void
describe(char *buf, size_t size, struct cell c)
{
	size_t i, n = 0;

	for (i = 0; i < c.len && n + 8 < size; i++) {
		unsigned char b = (unsigned char)c.s[i];

		if (i >= 60) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (b == '\t' || b == '\n' || b == '\r' || b == '\\') {
			buf[n++] = '\\';
			if (b == '\t')
				buf[n++] = 't';
			else if (b == '\n')
				buf[n++] = 'n';
			else if (b == '\r')
				buf[n++] = 'r';
			else
				buf[n++] = '\\';
		} else if (b < 0x20 || b == 0x7f) {
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", b);
		} else {
			buf[n++] = (char)b;
		}
	}
	buf[n] = '\0';
}

/*
 * Set the row's rejection reason, "column 'X': what 'value'" and a hint
 * (may be ""), about source column i; returns -1.
 */
static int
bad_value_hint(struct import *im, int i, const char *what, struct cell c,
               const char *hint)
{
	char v[80];

	describe(v, sizeof(v), c);
	(void)snprintf(im->reason, sizeof(im->reason), "column '%s': %s '%s'%s",
	               im->header[i], what, v, hint);
	return -1;
}

/* bad_value_hint() without a hint. */
static int
bad_value(struct import *im, int i, const char *what, struct cell c)
{
	return bad_value_hint(im, i, what, c, "");
}

/* Set the row's reason "column 'X': what"; returns -1. */
static int
bad_column(struct import *im, int i, const char *what)
{
	(void)snprintf(im->reason, sizeof(im->reason), "column '%s': %s",
	               im->header[i], what);
	return -1;
}

/* Report the current record as rejected for im->reason. */
static void
reject(struct import *im, long line)
{
	im->counts.rejected++;
	if (im->rejects) {
		size_t len;
		const char *raw = recpipe_raw(im->pipe, &len);

		tsv_put_str(im->rejects, im->file);
		fprintf(im->rejects, "\t%ld\t", line);
		tsv_put_str(im->rejects, im->reason);
		putc('\t', im->rejects);
		tsv_put_field(im->rejects, raw, len);
		putc('\n', im->rejects);
	} else if (im->counts.rejected <= im->max_stderr) {
		warn("%s:%ld: %s", im->file, line, im->reason);
	}
}

/* ---------------------------------------------------------------- */
/* Values                                                           */

/*
 * The fast path for amounts: when s is [-][$]digits[.digits], the digits
 * plain or in groups of three separated by ',', with at most 15
 * significant digits, write into buf (32 bytes) the form tsv_put_num()
 * would give the value (no leading zeros, no trailing fraction zeros,
 * never "-0"), without going through a double, and return its length.
 * Return 0 for anything else (num_parse_loose() then decides).  With 15
 * significant digits or fewer, distinct decimals are distinct doubles, so
 * this text is the shortest that reads back exactly.  *v gets the value:
 * the digits as an integer below 2^53 divided by a power of ten up to
 * 10^22, both exact doubles, so the one rounding is the division's, as
 * in strtod().
 */
static size_t
fast_amount(const char *s, size_t len, char *buf, double *v)
{
	static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
	                               1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
	                               1e18, 1e19, 1e20, 1e21, 1e22};
	uint64_t m = 0;
	size_t k;
	const char *p = s, *end = s + len, *ip, *fp = NULL;
	size_t ni = 0, nf = 0, n = 0, lead = 0, group = 0;
	int neg = 0, grouped = 0;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p < end && *p == '$')
		p++;
	if (p == end || *p < '0' || *p > '9')
		return 0;
	while (p < end && *p == '0' && p + 1 < end && p[1] >= '0' &&
	       p[1] <= '9')
		p++; /* leading zeros */
	ip = p;
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9') {
			group++;
			ni++;
		} else if (*p == ',') {
			if ((grouped ? group != 3 : group > 3) || group == 0)
				return 0;
			grouped = 1;
			group = 0;
		} else {
			break;
		}
	}
	if (grouped && group != 3)
		return 0;
	if (p < end) {
		if (*p != '.' || p + 1 == end)
			return 0;
		fp = ++p;
		for (; p < end; p++)
			if (*p < '0' || *p > '9')
				return 0;
		nf = (size_t)(end - fp);
		while (nf > 0 && fp[nf - 1] == '0')
			nf--;
	}
	if (ni == 1 && *ip == '0') {
		ni = 0; /* "0.5": no integer digits */
		while (lead < nf && fp[lead] == '0')
			lead++;
		if (lead > 5)
			return 0; /* tiny: tsv_put_num() uses an exponent */
	}
	if (ni + nf - lead > 15 || ni + nf + 3 > 32)
		return 0;
	if (neg && (ni > 0 || nf > 0))
		buf[n++] = '-';
	if (ni == 0)
		buf[n++] = '0';
	for (p = ip; ni > 0 && p < end && *p != '.'; p++)
		if (*p != ',') {
			buf[n++] = *p;
			m = m * 10 + (uint64_t)(*p - '0');
		}
	if (nf > 0) {
		buf[n++] = '.';
		memcpy(buf + n, fp, nf);
		n += nf;
		for (k = 0; k < nf; k++)
			m = m * 10 + (uint64_t)(fp[k] - '0');
	}
	/* nf <= 15 + 5 leading zeros: within the table */
	*v = (double)m / pow10[nf];
	if (neg)
		*v = -*v;
	return n;
}

/*
 * Parse the number in source column i into *p (value mapped through the
 * value map when map is set).  Empty: no value.  Returns -1 when bad.
 */
static int
parse_value(struct import *im, int i, int use_map, struct pending *p)
{
	struct cell c = field(im, i);
	const char *mapped;
	size_t n;

	p->has_value = 0;
	p->vtext.len = 0;
	if (use_map && im->value_map.n &&
	    (mapped = pairmap_lookup(&im->value_map, c.s, c.len)) != NULL) {
		c.s = mapped;
		c.len = strlen(mapped);
	}
	if (c.len == 0)
		return 0;
	if (im->num.decimal == '.' &&
	    (n = fast_amount(c.s, c.len, p->vbuf, &p->value)) > 0) {
		p->vtext.s = p->vbuf;
		p->vtext.len = n;
	} else if (num_parse_loose(c.s, c.len, &im->num, &p->value) != 0) {
		return bad_value(im, i, "invalid number", c);
	}
	p->has_value = 1;
	return 0;
}

/* Digits after the decimal mark in source column i (at most 9). */
static int
decimals_of(struct import *im, int i)
{
	struct cell c = field(im, i);
	const char *mark = memrchr(c.s, im->num.decimal, c.len);
	int n = 0;

	if (mark == NULL)
		return 0;
	for (mark++; mark < c.s + c.len && *mark >= '0' && *mark <= '9'; mark++)
		n++;
	return n > 9 ? 9 : n;
}

/* v rounded to the given number of decimals (a product of two amounts). */
static double
round_to(double v, int decimals)
{
	double scale = 1;

	while (decimals-- > 0)
		scale *= 10;
	return round(v * scale) / scale;
}

/* Whether the n bytes at s are all ASCII digits. */
static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned)(unsigned char)s[i] - '0' > 9)
			return 0;
	return 1;
}

/*
 * Write the date c, already accepted by date_parse(), as YYYY-MM-DD into
 * iso (DATE_BUFSIZE bytes).  The common forms are rewritten as text (an
 * ISO date or date-time: its first 10 bytes; M/D/YYYY: reordered);
 * anything else is formatted from the day number.
 */
static void
iso_text(const struct import *im, struct cell c, int day, char *iso)
{
	const char *s = c.s;
	size_t m, d;

	if (c.len >= 10 && s[4] == '-' && s[7] == '-' && digits(s, 4) &&
	    digits(s + 5, 2) && digits(s + 8, 2)) {
		memcpy(iso, s, 10);
		iso[10] = '\0';
		return;
	}
	if (!(im->date_flags & DATE_DMY) && c.len >= 8) {
		for (m = 0; m < c.len && s[m] != '/'; m++)
			;
		for (d = m + 1; d < c.len && s[d] != '/'; d++)
			;
		if ((m == 1 || m == 2) && (d - m - 1 == 1 || d - m - 1 == 2) &&
		    d + 5 <= c.len && digits(s + d + 1, 4) &&
		    (d + 5 == c.len || s[d + 5] == ' ')) {
			memcpy(iso, s + d + 1, 4);
			iso[4] = '-';
			iso[5] = '0'; /* a one-digit month */
			if (m == 2)
				iso[5] = s[0];
			iso[6] = s[m - 1];
			iso[7] = '-';
			iso[8] = '0'; /* a one-digit day */
			if (d - m - 1 == 2)
				iso[8] = s[m + 1];
			iso[9] = s[d - 1];
			iso[10] = '\0';
			return;
		}
	}
	date_format(day, iso);
}

/*
 * Whether y-m-d is a date date_from_ymd() accepts (years 1 to 9999,
 * Gregorian leap years), without the day number it also works out.
 */
static int
ymd_valid(int y, int m, int d)
{
	static const unsigned char days[13] = {0,  31, 29, 31, 30, 31, 30,
	                                       31, 31, 30, 31, 30, 31};

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m])
		return 0;
	return m != 2 || d < 29 ||
	       (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static int
two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * The fast path for the two commonest exact forms, YYYY-MM-DD and
 * M/D/YYYY (not with --dmy): check the date with ymd_valid() and
 * write it into iso.  Returns 0 when c is not one of them or not a real
 * date, and date_parse() decides (the unit tests check that both agree).
 */
static int
fast_date(const struct import *im, struct cell c, char *iso)
{
	const char *s = c.s;
	int y, m, d;
	size_t sl1, sl2;

	if (c.len == 10 && s[4] == '-' && s[7] == '-' && digits(s, 4) &&
	    digits(s + 5, 2) && digits(s + 8, 2)) {
		y = two_digits(s) * 100 + two_digits(s + 2);
		if (!ymd_valid(y, two_digits(s + 5), two_digits(s + 8)))
			return 0;
		memcpy(iso, s, 10);
		iso[10] = '\0';
		return 1;
	}
	if ((im->date_flags & DATE_DMY) || c.len < 8 || c.len > 10)
		return 0;
	sl1 = s[1] == '/' ? 1 : s[2] == '/' ? 2 : 0;
	if (sl1 == 0 || !digits(s, sl1))
		return 0;
	sl2 = s[sl1 + 2] == '/' ? sl1 + 2 : s[sl1 + 3] == '/' ? sl1 + 3 : 0;
	if (sl2 == 0 || sl2 + 5 != c.len ||
	    !digits(s + sl1 + 1, sl2 - sl1 - 1) || !digits(s + sl2 + 1, 4))
		return 0;
	m = sl1 == 1 ? s[0] - '0' : two_digits(s);
	d = sl2 - sl1 == 2 ? s[sl1 + 1] - '0' : two_digits(s + sl1 + 1);
	y = two_digits(s + sl2 + 1) * 100 + two_digits(s + sl2 + 3);
	if (!ymd_valid(y, m, d))
		return 0;
	memcpy(iso, s + sl2 + 1, 4);
	iso[4] = '-';
	iso[5] = (char)('0' + m / 10);
	iso[6] = (char)('0' + m % 10);
	iso[7] = '-';
	iso[8] = (char)('0' + d / 10);
	iso[9] = (char)('0' + d % 10);
	iso[10] = '\0';
	return 1;
}

/*
 * Parse the date in source column i into iso (YYYY-MM-DD); *present says
 * whether there was one (empty is allowed here).  Returns -1 when bad.
 */
static int
parse_date(struct import *im, int i, char *iso, int *present)
{
	struct cell c = field(im, i);
	int day;

	*present = c.len > 0;
	if (c.len == 0)
		return 0;
	if (fast_date(im, c, iso))
		return 0;
	if (date_parse(c.s, c.len, im->date_flags, &day) != 0)
		return bad_value(im, i, "invalid date", c);
	iso_text(im, c, day, iso);
	return 0;
}

/*
 * The event type named in source column i, through the type map: sets
 * *type (NULL for "-": no event).  An empty value is missing when
 * required, else no event.
 */
static int
parse_type(struct import *im, int i, int required, const char **type)
{
	struct cell c = field(im, i);
	const char *t;
	int id;

	*type = NULL;
	if (c.len == 0 && required)
		return bad_column(im, i, "missing event type");
	if (c.len == 0)
		return 0;
	t = im->type_map.n ? pairmap_lookup(&im->type_map, c.s, c.len) : NULL;
	if (t) {
		*type = strcmp(t, "-") == 0 ? NULL : t;
		return 0;
	}
	id = event_type_parse(c.s, c.len);
	if (id < 0)
		return bad_value_hint(im, i, "unknown event type", c,
		                      " (map it with --type-map)");
	*type = event_type_name((enum event_type)id);
	return 0;
}

static int
check_text(struct import *im, int i, struct cell c)
{
	if (utf8_check(c.s, c.len) != c.len)
		return bad_column(im, i,
		                  "invalid UTF-8 (Latin-1 input? try "
		                  "--latin1)");
	return 0;
}

/* Check the text of the --keep columns. */
static int
check_kept(struct import *im)
{
	size_t k;

	for (k = 0; k < im->nkeep; k++)
		if (check_text(im, im->keep_idx[k],
		               field(im, im->keep_idx[k])) != 0)
			return -1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Output                                                           */

/*
 * Rows are written into im->ob and handed to stdio in large blocks: one
 * fwrite() per OB_FLUSH bytes instead of several calls per field.
 */
#define OB_FLUSH ((size_t)256 * 1024)

/* Grow im->ob for n more bytes (the rare case of ob_reserve()). */
static void
ob_grow(struct import *im, size_t n)
{
	grow_array((void **)&im->ob, &im->ob_cap, im->ob_len + n + 1, 1);
}

/* Make room for n more bytes in im->ob (allocated by import_file()). */
static inline void
ob_reserve(struct import *im, size_t n)
{
	if (im->ob_len + n > im->ob_cap)
		ob_grow(im, n);
}

static inline void
ob_char(struct import *im, char c)
{
	ob_reserve(im, 1);
	im->ob[im->ob_len++] = c;
}

static inline void
ob_mem(struct import *im, const char *s, size_t n)
{
	ob_reserve(im, n);
	memcpy(im->ob + im->ob_len, s, n);
	im->ob_len += n;
}

static void
ob_str(struct import *im, const char *s)
{
	ob_mem(im, s, strlen(s));
}

/* Word-at-a-time tests on 8 bytes (fields are mostly plain ASCII). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/*
 * Whether the 8 bytes at s may hold a byte to escape: one below 0x0e
 * (TAB, LF and CR among them) or a backslash.  Plain text passes 8 bytes
 * at a time.
 */
static int
may_escape8(const char *s)
{
	uint64_t w, b;

	memcpy(&w, s, 8);
	b = w ^ (ONES * '\\');
	return ((((w - ONES * 0x0e) & ~w) | ((b - ONES) & ~b)) & HIGHS) != 0;
}

/*
 * Append len bytes of s as one field, escaped exactly as tsv_put_field()
 * does (the record format of DESIGN.md): TAB, LF, CR and backslash
 * become \t, \n, \r and \\.
 */
static void
ob_escaped(struct import *im, const char *s, size_t len)
{
	static const char escape[256] = {
	    ['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r', ['\\'] = '\\'};
	const unsigned char *p = (const unsigned char *)s;
	char *o;
	size_t i = 0;

	ob_reserve(im, 2 * len);
	o = im->ob + im->ob_len;
	while (len - i >= 8 && !may_escape8(s + i)) {
		memcpy(o, s + i, 8);
		o += 8;
		i += 8;
	}
	if (i < len && len - i < 8 && len >= 8 && !may_escape8(s + len - 8)) {
		/* the last 8 bytes, over some already written as they are */
		memcpy(o - (i - (len - 8)), s + len - 8, 8);
		o += len - i;
		i = len;
	}
	for (; i < len; i++) {
		if (escape[p[i]]) {
			*o++ = '\\';
			*o++ = escape[p[i]];
		} else {
			*o++ = (char)p[i];
		}
	}
	im->ob_len = (size_t)(o - im->ob);
}

/* Append v in the shortest form that reads back exactly. */
static void
ob_num(struct import *im, double v)
{
	char buf[64];

	if (!isfinite(v))
		return;
	num_format_shortest(buf, sizeof(buf), v);
	ob_str(im, buf);
}

static void
ob_flush(struct import *im, FILE *out)
{
	if (im->ob_len && fwrite(im->ob, 1, im->ob_len, out) != im->ob_len)
		die_errno(EXIT_SYSTEM, "cannot write the output");
	im->ob_len = 0;
}

static void
put_cell(struct import *im, struct cell c)
{
	ob_escaped(im, c.s, c.len);
}

static void
put_value(struct import *im, const struct pending *p)
{
	if (!p->has_value)
		return;
	if (p->vtext.len)
		ob_mem(im, p->vtext.s, p->vtext.len);
	else
		ob_num(im, p->value);
}

static void
put_kept(struct import *im)
{
	size_t k;

	for (k = 0; k < im->nkeep; k++) {
		ob_char(im, '\t');
		put_cell(im, field(im, im->keep_idx[k]));
	}
}

static void
write_header(struct import *im, FILE *out)
{
	size_t k;
	int i, first = 1;

	if (im->mode == IMPORT_RAW) {
		for (k = 0; k < im->nraw; k++) {
			if (k)
				putc('\t', out);
			tsv_put_str(out, im->raw_cols[k]);
		}
		putc('\n', out);
		return;
	}
	if (im->mode == IMPORT_EVENTS) {
		fputs("account\tdate\ttype\tvalue\tref\tkind", out);
	} else {
		for (i = 0; i < NCANON; i++) {
			if (!(canons[i].modes & FOR_ACCOUNTS) ||
			    (im->map[i] == NULL && i != C_ACCOUNT))
				continue;
			if (!first)
				putc('\t', out);
			fputs(canons[i].name, out);
			first = 0;
		}
	}
	for (k = 0; k < im->nkeep; k++) {
		putc('\t', out);
		tsv_put_str(out, im->keep[k]);
	}
	putc('\n', out);
}

/* ---------------------------------------------------------------- */
/* Rows                                                             */

/*
 * Hold the value of event p to the vocabulary's rules (event.h), so that
 * what rm-import writes the other programs accept; col is the value's
 * source column (for the message).  Returns 0, or -1 with the reason set.
 */
/*
 * The event type (event_type_parse()) of an event's type name, remembered
 * by the name's address: the names are a few strings that live as long
 * as im (the vocabulary's, --type, --type-map and --also targets).
 */
static int
type_id(struct import *im, const char *name)
{
	size_t k;
	int id;

	for (k = 0; k < TYPE_MEMO && im->type_name[k]; k++)
		if (im->type_name[k] == name)
			return im->type_num[k];
	id = event_type_parse(name, strlen(name));
	if (k < TYPE_MEMO) {
		im->type_name[k] = name;
		im->type_num[k] = id;
	}
	return id;
}

static int
check_event_value(struct import *im, const struct pending *p, int col)
{
	static const char *const what[] = {
	    NULL, "missing value", "negative value", "value out of range"};
	int type = type_id(im, p->type);
	enum event_value_fault f;
	char num[64];
	double v;

	if (type < 0)
		return 0;
	v = p->has_value ? p->value : 0;
	f = event_value_check((enum event_type)type, p->has_value, v);
	if (f == EVENT_VALUE_OK)
		return 0;
	if (f == EVENT_VALUE_MISSING)
		num[0] = '\0';
	else
		num_format_shortest(num, sizeof(num), v);
	if (col >= 0)
		(void)snprintf(im->reason, sizeof(im->reason),
		               "column '%s': %s%s%s for event type '%s'",
		               im->header[col], what[f], num[0] ? " " : "", num,
		               p->type);
	else
		(void)snprintf(im->reason, sizeof(im->reason),
		               "%s%s%s for event type '%s'", what[f],
		               num[0] ? " " : "", num, p->type);
	return -1;
}

/* Check the primary event of an event row; n events pending after. */
static int
check_primary(struct import *im, size_t *n)
{
	struct pending *p = &im->ev[0];
	int present;

	im->value_reusable = 0;
	if (im->type_const)
		p->type = im->type_const;
	else if (parse_type(im, im->idx[C_TYPE], 1, &p->type) != 0)
		return -1;
	if (p->type == NULL)
		return 0; /* mapped to "-": no primary event */
	if (parse_date(im, im->idx[C_DATE], p->iso, &present) != 0)
		return -1;
	if (!present)
		return bad_column(im, im->idx[C_DATE], "missing date");
	if (parse_value(im, im->idx[C_VALUE], 1, p) != 0)
		return -1;
	im->value_reusable = im->idx[C_QUANTITY] < 0;
	if (im->idx[C_QUANTITY] >= 0 && p->has_value) {
		struct pending q;

		if (parse_value(im, im->idx[C_QUANTITY], 0, &q) != 0)
			return -1;
		if (!q.has_value)
			return bad_column(im, im->idx[C_QUANTITY],
			                  "missing quantity");
		p->value = round_to(p->value * q.value,
		                    decimals_of(im, im->idx[C_VALUE]) +
		                        decimals_of(im, im->idx[C_QUANTITY]));
		p->vtext.len = 0;
	}
	if (check_event_value(im, p, im->idx[C_VALUE]) != 0)
		return -1;
	p->with_kind = 1;
	*n = 1;
	return 0;
}

/* Give p the value of q (parsed from the same column). */
static void
same_value(struct pending *p, const struct pending *q)
{
	p->has_value = q->has_value;
	p->value = q->value;
	p->vtext.len = q->vtext.len;
	memcpy(p->vbuf, q->vbuf, sizeof(p->vbuf));
	p->vtext.s = q->vtext.s == q->vbuf ? p->vbuf : q->vtext.s;
}

/* Check the events of --also rules, appending to im->ev. */
static int
check_also(struct import *im, size_t *n)
{
	size_t k;

	for (k = 0; k < im->nalso; k++) {
		struct also_rule *a = &im->also[k];
		struct pending *p = &im->ev[*n];
		int present;

		if (parse_date(im, a->i_date, p->iso, &present) != 0)
			return -1;
		if (!present)
			continue; /* no date: no such event */
		if (a->type)
			p->type = a->type;
		else if (parse_type(im, a->i_type, 0, &p->type) != 0)
			return -1;
		if (p->type == NULL)
			continue;
		if (a->set_value) {
			p->has_value = 1;
			p->vtext.len = 0;
			p->value = a->set_num;
		} else if (a->i_value >= 0 && a->i_value == im->idx[C_VALUE] &&
		           im->value_reusable) {
			same_value(p, &im->ev[0]);
		} else if (parse_value(im, a->i_value, 1, p) != 0) {
			return -1;
		}
		if (check_event_value(im, p, a->i_value) != 0)
			return -1;
		p->with_kind = 0;
		(*n)++;
	}
	return 0;
}

static int
event_row(struct import *im)
{
	struct cell account, ref, kind = {"", 0};
	size_t n = 0, e;

	account = field(im, im->idx[C_ACCOUNT]);
	if (account.len == 0)
		return bad_column(im, im->idx[C_ACCOUNT], "missing account");
	if (check_text(im, im->idx[C_ACCOUNT], account) != 0)
		return -1;
	ref = field(im, im->idx[C_REF]);
	if (check_text(im, im->idx[C_REF], ref) != 0)
		return -1;
	if (im->kind_const) {
		kind = (struct cell){im->kind_const, strlen(im->kind_const)};
	} else if (im->idx[C_KIND] >= 0) {
		const char *m;

		kind = field(im, im->idx[C_KIND]);
		if (im->kind_map.n &&
		    (m = pairmap_lookup(&im->kind_map, kind.s, kind.len)))
			kind = (struct cell){m, strlen(m)};
		if (check_text(im, im->idx[C_KIND], kind) != 0)
			return -1;
	}
	if (check_kept(im) != 0)
		return -1;
	if (check_primary(im, &n) != 0 || check_also(im, &n) != 0)
		return -1;
	if (n == 0)
		im->counts.skipped++;
	for (e = 0; e < n; e++) {
		const struct pending *p = &im->ev[e];

		put_cell(im, account);
		ob_char(im, '\t');
		ob_mem(im, p->iso, DATE_BUFSIZE - 1);
		ob_char(im, '\t');
		ob_str(im, p->type);
		ob_char(im, '\t');
		put_value(im, p);
		ob_char(im, '\t');
		put_cell(im, ref);
		ob_char(im, '\t');
		if (p->with_kind)
			put_cell(im, kind);
		put_kept(im);
		ob_char(im, '\n');
	}
	im->counts.written += n;
	return 0;
}

static int
account_row(struct import *im)
{
	char iso[NCANON][DATE_BUFSIZE];
	int i, present, added;
	struct pending num[NCANON];
	struct cell account = field(im, im->idx[C_ACCOUNT]);

	if (account.len == 0)
		return bad_column(im, im->idx[C_ACCOUNT], "missing account");
	for (i = 0; i < NCANON; i++) {
		if (im->idx[i] < 0)
			continue;
		if (canons[i].kind == K_DATE &&
		    parse_date(im, im->idx[i], iso[i], &present) != 0)
			return -1;
		if (canons[i].kind == K_DATE && !present)
			iso[i][0] = '\0';
		if (canons[i].kind == K_NUMBER &&
		    parse_value(im, im->idx[i], 0, &num[i]) != 0)
			return -1;
		if (canons[i].kind == K_TEXT &&
		    check_text(im, im->idx[i], field(im, im->idx[i])) != 0)
			return -1;
	}
	if (check_kept(im) != 0)
		return -1;
	strmap_intern(im->seen, account.s, account.len, &added);
	if (!added)
		return bad_value(im, im->idx[C_ACCOUNT], "duplicate account",
		                 account);
	put_cell(im, account);
	for (i = 1; i < NCANON; i++) {
		if (im->idx[i] < 0)
			continue;
		ob_char(im, '\t');
		if (canons[i].kind == K_DATE && iso[i][0])
			ob_mem(im, iso[i], DATE_BUFSIZE - 1);
		else if (canons[i].kind == K_NUMBER)
			put_value(im, &num[i]);
		else if (canons[i].kind == K_TEXT)
			put_cell(im, field(im, im->idx[i]));
	}
	put_kept(im);
	ob_char(im, '\n');
	im->counts.written++;
	return 0;
}

static int
raw_row(struct import *im)
{
	size_t k;

	for (k = 0; k < im->nraw; k++) {
		struct cell c = field_raw(im, im->raw_idx[k]);

		if (check_text(im, im->raw_idx[k], c) != 0)
			return -1;
		/* one empty field alone would be an empty line: no record */
		if (im->nraw == 1 && c.len == 0)
			return bad_column(im, im->raw_idx[k],
			                  "empty, and a one-column row with "
			                  "an empty field cannot be written "
			                  "(an empty line is no record)");
	}
	for (k = 0; k < im->nraw; k++) {
		if (k)
			ob_char(im, '\t');
		put_cell(im, field_raw(im, im->raw_idx[k]));
	}
	ob_char(im, '\n');
	im->counts.written++;
	return 0;
}

/*
 * Reserve scratch room for every conversion of this record: a row looks
 * at most this many fields, each converted into at most 3 * len + 1
 * bytes (escapes undone, then Latin-1 doubled).
 */
static void
prepare_row(struct import *im, size_t n)
{
	size_t i, longest = 0, looks;

	if (!im->tsv && !im->latin1)
		return;
	for (i = 0; i < n; i++)
		if (im->rec_len[i] > longest)
			longest = im->rec_len[i];
	looks = NCANON + 4 + 2 * (im->nkeep + im->nraw) + 3 * im->nalso;
	scratch_reserve(im, looks * (3 * longest + 2));
}

static void
import_row(struct import *im, FILE *out)
{
	size_t n = recpipe_nfields(im->pipe);
	long line = recpipe_line(im->pipe);
	int rc;

	im->counts.rows++;
	im->rec = recpipe_record(im->pipe, &im->rec_off, &im->rec_len);
	if (n != im->ncols) {
		(void)snprintf(im->reason, sizeof(im->reason),
		               "%zu field%s, header has %zu", n,
		               n == 1 ? "" : "s", im->ncols);
		reject(im, line);
		return;
	}
	prepare_row(im, n);
	if (im->mode == IMPORT_EVENTS)
		rc = event_row(im);
	else if (im->mode == IMPORT_ACCOUNTS)
		rc = account_row(im);
	else
		rc = raw_row(im);
	if (rc != 0)
		reject(im, line);
	if (im->ob_len >= OB_FLUSH)
		ob_flush(im, out);
}

/* ---------------------------------------------------------------- */
/* Files                                                            */

/* Index of the column called name in the current header, or -1. */
static int
find_column(const struct import *im, const char *name)
{
	struct cell want = trim((struct cell){name, strlen(name)});
	size_t i;
	int found = -1;

	for (i = 0; i < im->ncols; i++)
		if (strcmp(im->header[i], name) == 0)
			return (int)i;
	for (i = 0; i < im->ncols; i++) {
		struct cell h =
		    trim((struct cell){im->header[i], strlen(im->header[i])});

		if (h.len == want.len && memcmp(h.s, want.s, h.len) == 0)
			return (int)i;
	}
	for (i = 0; i < im->ncols; i++) {
		struct cell h =
		    trim((struct cell){im->header[i], strlen(im->header[i])});

		if (h.len == want.len && strncasecmp(h.s, want.s, h.len) == 0) {
			if (found >= 0)
				return -1; /* ambiguous */
			found = (int)i;
		}
	}
	return found;
}

static int
need_column(const struct import *im, const char *name, const char *use,
            long line)
{
	int i = find_column(im, name);

	if (i < 0)
		die(EXIT_DATA, "%s:%ld: no column '%s' (%s)", im->file, line,
		    name, use);
	return i;
}

/*
 * A canonical column nothing maps is read from a source column of the
 * same name when there is one (a file already in rmkit's terms needs no
 * --map).  Account, date and (without --type) type must be found; the
 * first file decides, later files must have the same columns.
 */
static int
unmapped_column(const struct import *im, int c, long line)
{
	unsigned want = columns_for(im);
	int i;

	if (!(canons[c].modes & want))
		return -1;
	if (c == C_TYPE && im->type_const)
		return -1;
	i = find_column(im, canons[c].name);
	if (i >= 0)
		return i;
	if (c == C_ACCOUNT || (want == FOR_EVENTS && c == C_DATE))
		die(EXIT_USAGE,
		    "%s:%ld: no column '%s': give --map %s=COLUMN or a "
		    "--preset",
		    im->file, line, canons[c].name, canons[c].name);
	if (c == C_TYPE)
		die(EXIT_USAGE,
		    "%s:%ld: no column 'type': give --type TYPE or "
		    "--type-from COLUMN",
		    im->file, line);
	return -1;
}

static void
resolve_columns(struct import *im, long line)
{
	char use[64];
	size_t k;
	int i;

	for (i = 0; i < NCANON; i++) {
		if (im->map[i]) {
			(void)snprintf(use, sizeof(use), "mapped to %s",
			               canons[i].name);
			im->idx[i] = need_column(im, im->map[i], use, line);
			continue;
		}
		/* found by name: from now on as if mapped, so that every
		   file gives the same columns */
		im->idx[i] = unmapped_column(im, i, line);
		if (im->idx[i] >= 0)
			replace(&im->map[i], canons[i].name);
	}
	im->keep_idx =
	    xreallocarray(im->keep_idx, im->nkeep + 1, sizeof(*im->keep_idx));
	for (k = 0; k < im->nkeep; k++)
		im->keep_idx[k] = need_column(im, im->keep[k], "--keep", line);
	for (k = 0; k < im->nalso; k++) {
		struct also_rule *a = &im->also[k];

		a->i_date = need_column(im, a->date, "--also date", line);
		a->i_type = a->type_from ? need_column(im, a->type_from,
		                                       "--also type-from", line)
		                         : -1;
		a->i_value =
		    a->value ? need_column(im, a->value, "--also value", line)
		             : -1;
	}
}

/*
 * Raw mode: the first file's header, written as it is, must be a header
 * for the next program: UTF-8 (--latin1 has converted it already), and
 * not one column without a name, which would be an empty line.
 */
static void
check_raw_header(struct import *im, long line)
{
	size_t k, bad;

	for (k = 0; k < im->ncols; k++) {
		bad = utf8_check(im->header[k], strlen(im->header[k]));
		if (im->header[k][bad] != '\0')
			die(EXIT_DATA,
			    "%s:%ld: header: column %zu: invalid UTF-8 (byte "
			    "0x%02X; Latin-1 input? try --latin1)",
			    im->file, line, k + 1,
			    (unsigned char)im->header[k][bad]);
	}
	if (im->ncols == 1 && im->header[0][0] == '\0')
		die(EXIT_DATA,
		    "%s:%ld: header: one column, with no name, cannot be "
		    "written (an empty line is no header)",
		    im->file, line);
}

/* Raw mode: the output columns come from --keep or the first header. */
static void
resolve_raw(struct import *im, long line)
{
	size_t k;

	if (im->raw_cols == NULL) {
		char **names = im->keep, **copy;
		size_t n = im->nkeep;

		if (n == 0) {
			names = im->header;
			n = im->ncols;
		}
		if (im->nkeep == 0)
			check_raw_header(im, line);
		copy = xreallocarray(NULL, n + 1, sizeof(*copy));
		for (k = 0; k < n; k++)
			copy[k] = xstrdup(names[k]);
		im->raw_cols = copy;
		im->nraw = n;
	}
	im->raw_idx =
	    xreallocarray(im->raw_idx, im->nraw + 1, sizeof(*im->raw_idx));
	for (k = 0; k < im->nraw; k++)
		im->raw_idx[k] = need_column(
		    im, im->raw_cols[k],
		    im->nkeep ? "--keep" : "a column of the first file", line);
}

static void
want_column(struct import *im, int i)
{
	if (i >= 0)
		im->wanted[i] = 1;
}

/* Tell the reader which columns are used, so that it copies only those. */
static void
select_columns(struct import *im)
{
	size_t k;
	int i;

	free(im->wanted);
	im->wanted = xcalloc(im->ncols + 1, 1);
	if (im->mode == IMPORT_RAW) {
		for (k = 0; k < im->nraw; k++)
			want_column(im, im->raw_idx[k]);
	} else {
		for (i = 0; i < NCANON; i++)
			want_column(im, im->idx[i]);
		for (k = 0; k < im->nkeep; k++)
			want_column(im, im->keep_idx[k]);
		for (k = 0; k < im->nalso; k++) {
			want_column(im, im->also[k].i_date);
			want_column(im, im->also[k].i_type);
			want_column(im, im->also[k].i_value);
		}
	}
	csv_reader_select(im->reader, im->wanted, im->ncols);
}

static void
free_header(struct import *im)
{
	size_t i;

	for (i = 0; i < im->ncols; i++)
		free(im->header[i]);
	free(im->header);
	im->header = NULL;
	im->ncols = 0;
}

/* Read the header record; ends the program when there is none. */
static void
read_header(struct import *im)
{
	struct csv_reader *r = im->reader;
	int rc = csv_reader_next(r);
	size_t i;

	if (rc == 0)
		die(EXIT_DATA, "%s:1: empty input (no header)", im->file);
	if (rc < 0)
		die(EXIT_DATA, "%s:%ld: header: %s", im->file,
		    csv_reader_line(r), csv_reader_error(r));
	free_header(im);
	im->ncols = csv_reader_nfields(r);
	im->rec = csv_reader_record(r, &im->rec_off, &im->rec_len);
	im->header = xreallocarray(NULL, im->ncols, sizeof(*im->header));
	for (i = 0; i < im->ncols; i++) {
		struct cell c;

		scratch_reserve(im, 2 * csv_reader_field_len(r, i) + 16);
		c = field_raw(im, (int)i);
		im->header[i] = xmemdup(c.s, c.len);
	}
}

/* Choose CSV or TSV and the delimiter for this file. */
static void
choose_format(struct import *im, const char *path)
{
	enum import_format fmt = im->format;
	char delim = im->delim;

	if (fmt == IMPORT_AUTO && delim == 0) {
		int by_name = sniff_by_name(path);

		fmt = by_name == 'c'   ? IMPORT_CSV
		      : by_name == 't' ? IMPORT_TSV
		                       : IMPORT_AUTO;
	}
	if (fmt != IMPORT_TSV && delim == 0) {
		size_t len;
		const char *buf = csv_reader_peek(im->reader, &len);

		delim = sniff_delimiter(buf, len);
		if (fmt == IMPORT_AUTO && delim == '\t')
			fmt = IMPORT_TSV;
	}
	im->tsv = fmt == IMPORT_TSV;
	if (im->tsv)
		csv_reader_set_format(im->reader, '\t', '\0');
	else
		csv_reader_set_format(im->reader, delim, '"');
}

void
import_file(struct import *im, const char *path, FILE *out)
{
	struct input *in = input_open(path);
	int rc;

	im->file = input_name(in);
	im->reader = csv_reader_new(in, ',', '"', im->max_record);
	csv_reader_keep_raw(im->reader, im->rejects != NULL);
	choose_format(im, path);
	/* values are trimmed anyway; --raw keeps every byte */
	csv_reader_trim_blanks(im->reader, im->mode != IMPORT_RAW);
	read_header(im);
	if (im->mode == IMPORT_RAW)
		resolve_raw(im, csv_reader_line(im->reader));
	else
		resolve_columns(im, csv_reader_line(im->reader));
	select_columns(im);
	if (im->mode == IMPORT_ACCOUNTS && im->seen == NULL)
		im->seen = strmap_new();
	if (!im->header_written) {
		write_header(im, out);
		im->header_written = 1;
	}
	if (im->ob == NULL)
		ob_grow(im, OB_FLUSH + 4096);
	/* the header was read here; the records may come from a second
	   thread (recpipe.h): the same records, errors and order */
	im->pipe = recpipe_start(im->reader, in, recpipe_threads());
	while ((rc = recpipe_next(im->pipe)) != 0) {
		if (rc < 0) {
			im->counts.rows++;
			(void)snprintf(im->reason, sizeof(im->reason), "%s",
			               recpipe_error(im->pipe));
			reject(im, recpipe_line(im->pipe));
			continue;
		}
		import_row(im, out);
		if ((im->counts.rows & 0xfff) == 0 &&
		    im->progress != PROGRESS_OFF)
			progress_update(im->counts.rows,
			                recpipe_bytes(im->pipe));
	}
	ob_flush(im, out);
	recpipe_finish(im->pipe);
	im->pipe = NULL;
	csv_reader_free(im->reader);
	im->reader = NULL;
	input_close(in);
	im->file = NULL;
}

void
import_finish(struct import *im, FILE *out)
{
	if (!im->header_written && im->mode != IMPORT_RAW) {
		write_header(im, out);
		im->header_written = 1;
	}
}

void
import_free(struct import *im)
{
	size_t k;
	int i;

	if (im == NULL)
		return;
	for (i = 0; i < NCANON; i++)
		free(im->map[i]);
	free(im->type_const);
	free(im->kind_const);
	pairmap_clear(&im->type_map);
	pairmap_clear(&im->value_map);
	pairmap_clear(&im->kind_map);
	for (k = 0; k < im->nalso; k++)
		also_clear(&im->also[k]);
	for (k = 0; k < im->nkeep; k++)
		free(im->keep[k]);
	free(im->keep);
	for (k = 0; k < im->nraw; k++)
		free(im->raw_cols[k]);
	free(im->raw_cols);
	free(im->keep_idx);
	free(im->raw_idx);
	free_header(im);
	free(im->scratch);
	free(im->ob);
	free(im->wanted);
	strmap_free(im->seen);
	free(im);
}
