/*
 * event.c - the event vocabulary and a reader for event streams.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "error.h"
#include "event.h"
#include "input.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

/* Bad rows reported one by one before the reader only counts them. */
#define MAX_REPORTED 20

static const char *const type_names[EV_NTYPES] = {
	"mrr",	     "order",	  "usage",	 "touch",
	"ticket",    "ticket_closed", "invoice", "payment",
	"nps",	     "csat",	  "opportunity", "won",
	"lost",	     "renewal_due", "renewed",	 "milestone",
	"delivery",  "sla",	  "escalation",	 "escalation_closed"};

/* Which types need a value, and which values are allowed. */
enum { NEEDS_VALUE = 1, NON_NEGATIVE = 2 };

static const unsigned char type_rules[EV_NTYPES] = {
	[EV_MRR] = NEEDS_VALUE | NON_NEGATIVE,
	[EV_ORDER] = NON_NEGATIVE,
	[EV_USAGE] = NEEDS_VALUE | NON_NEGATIVE,
	[EV_INVOICE] = NEEDS_VALUE | NON_NEGATIVE,
	[EV_PAYMENT] = NEEDS_VALUE | NON_NEGATIVE,
	[EV_NPS] = NEEDS_VALUE,
	[EV_CSAT] = NEEDS_VALUE,
	[EV_OPPORTUNITY] = NON_NEGATIVE,
	[EV_WON] = NON_NEGATIVE,
	[EV_LOST] = NON_NEGATIVE,
	[EV_RENEWAL_DUE] = NON_NEGATIVE,
	[EV_RENEWED] = NON_NEGATIVE,
	[EV_DELIVERY] = NEEDS_VALUE,
	[EV_SLA] = NEEDS_VALUE,
};

struct unknown_type {
	unsigned long count;
	char *first_file;
	long first_line;
};

/* A month seen in the dates: its first day number and its length. */
#define MONTH_CACHE 64
struct month_entry {
	int year, month;	/* 0, 0: empty */
	int first, length;
};

struct event_reader {
	char *const *paths;
	int npaths, next_path;
	struct tsv_reader *tsv;
	int c_account, c_date, c_type, c_value, c_ref, c_kind;
	unsigned long bad;
	unsigned long long count, bytes_done;
	int max_day;
	char last_date[10];	/* the last date parsed, and its day */
	int last_day;
	struct month_entry months[MONTH_CACHE];
	struct strmap *unknown_names;
	struct unknown_type *unknown;
	size_t unknown_cap;
	int strict;  /* a part (event_reader_split()): stop at a bad row */
	int gave_up; /* a strict reader met one */
};

const char *
event_type_name(enum event_type type)
{
	return (unsigned)type < EV_NTYPES ? type_names[type] : "?";
}

/*
 * The type called name (len bytes): the length and the first byte leave
 * at most one candidate, which is compared in full (a constant compare
 * the compiler inlines).
 */
int
event_type_parse(const char *name, size_t len)
{
#define IS(lit, t) (memcmp(name, lit, sizeof(lit) - 1) == 0 ? (int)(t) : -1)
	if (len == 0)
		return -1;
	switch (len * 256 + (unsigned char)name[0]) {
	case 3 * 256 + 'm': return IS("mrr", EV_MRR);
	case 3 * 256 + 'w': return IS("won", EV_WON);
	case 3 * 256 + 'n': return IS("nps", EV_NPS);
	case 3 * 256 + 's': return IS("sla", EV_SLA);
	case 4 * 256 + 'l': return IS("lost", EV_LOST);
	case 4 * 256 + 'c': return IS("csat", EV_CSAT);
	case 5 * 256 + 'o': return IS("order", EV_ORDER);
	case 5 * 256 + 'u': return IS("usage", EV_USAGE);
	case 5 * 256 + 't': return IS("touch", EV_TOUCH);
	case 6 * 256 + 't': return IS("ticket", EV_TICKET);
	case 7 * 256 + 'p': return IS("payment", EV_PAYMENT);
	case 7 * 256 + 'i': return IS("invoice", EV_INVOICE);
	case 7 * 256 + 'r': return IS("renewed", EV_RENEWED);
	case 8 * 256 + 'd': return IS("delivery", EV_DELIVERY);
	case 9 * 256 + 'm': return IS("milestone", EV_MILESTONE);
	case 10 * 256 + 'e': return IS("escalation", EV_ESCALATION);
	case 11 * 256 + 'r': return IS("renewal_due", EV_RENEWAL_DUE);
	case 11 * 256 + 'o': return IS("opportunity", EV_OPPORTUNITY);
	case 13 * 256 + 't': return IS("ticket_closed", EV_TICKET_CLOSED);
	case 17 * 256 + 'e':
		return IS("escalation_closed", EV_ESCALATION_CLOSED);
	default: return -1;
	}
#undef IS
}

struct event_reader *
event_reader_open(char *const *paths, int npaths)
{
	static char *const stdin_path[] = {"-"};
	struct event_reader *r = xcalloc(1, sizeof(*r));

	r->paths = npaths > 0 ? paths : stdin_path;
	r->npaths = npaths > 0 ? npaths : 1;
	r->max_day = INT_MIN;
	r->unknown_names = strmap_new();
	return r;
}

static int
required_column(struct tsv_reader *t, const char *name)
{
	int c = tsv_column(t, name);

	if (c < 0)
		die(EXIT_DATA, "%s: no column '%s' in the header (an event "
			       "stream needs account, date and type)",
		    tsv_name(t), name);
	return c;
}

/* Open the next input file; 0 when there is none. */
static int
open_next(struct event_reader *r)
{
	struct tsv_reader *t;

	if (r->tsv) {
		r->bytes_done += tsv_bytes(r->tsv);
		tsv_close(r->tsv);
		r->tsv = NULL;
	}
	/* a file that cannot be opened among several is skipped (exit 4) */
	while (r->next_path < r->npaths && r->npaths > 1 &&
	       !input_can_open(r->paths[r->next_path]))
		r->next_path++;
	if (r->next_path >= r->npaths)
		return 0;
	t = tsv_open(r->paths[r->next_path++]);
	r->tsv = t;
	if (tsv_ncols(t) == 0) /* an empty file holds no events */
		return 1;
	r->c_account = required_column(t, "account");
	r->c_date = required_column(t, "date");
	r->c_type = required_column(t, "type");
	r->c_value = tsv_column(t, "value");
	r->c_ref = tsv_column(t, "ref");
	r->c_kind = tsv_column(t, "kind");
	return 1;
}

static void
bad_row(struct event_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
bad_row(struct event_reader *r, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (r->strict) {
		r->gave_up = 1;
		return;
	}
	if (++r->bad > MAX_REPORTED)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap); /* a long one is cut */
	va_end(ap);
	warn("%s:%ld: %s", tsv_name(r->tsv), tsv_lineno(r->tsv), msg);
	if (r->bad == MAX_REPORTED)
		warn("further bad rows are counted, not shown");
}

static void
note_unknown(struct event_reader *r, const char *name, size_t len)
{
	int added;
	size_t id;

	if (r->strict) {
		r->gave_up = 1;
		return;
	}
	id = strmap_intern(r->unknown_names, name, len, &added);
	if (added) {
		grow_array((void **)&r->unknown, &r->unknown_cap, id + 1,
			   sizeof(*r->unknown));
		r->unknown[id].count = 0;
		r->unknown[id].first_file = xstrdup(tsv_name(r->tsv));
		r->unknown[id].first_line = tsv_lineno(r->tsv);
	}
	r->unknown[id].count++;
}

enum event_value_fault
event_value_check(enum event_type type, int has_value, double v)
{
	unsigned rules = type_rules[type];

	if (!has_value)
		return rules & NEEDS_VALUE ? EVENT_VALUE_MISSING : EVENT_VALUE_OK;
	if ((rules & NON_NEGATIVE) && v < 0)
		return EVENT_VALUE_NEGATIVE;
	if ((type == EV_NPS && (v < 0 || v > 10)) ||
	    (type == EV_CSAT && (v < 1 || v > 5)) ||
	    (type == EV_SLA && v != 0 && v != 1) ||
	    (type == EV_TICKET && (v < 1 || v > 4 || v != (int)v)))
		return EVENT_VALUE_RANGE;
	return EVENT_VALUE_OK;
}

/* Check the value against the type's rules; 0 when it is fine. */
static int
check_value(struct event_reader *r, struct event *ev, const char *text)
{
	const char *name = type_names[ev->type];

	switch (event_value_check(ev->type, ev->has_value, ev->value)) {
	case EVENT_VALUE_OK:
		return 0;
	case EVENT_VALUE_MISSING:
		bad_row(r, "column 'value': missing value for a '%s' event",
			name);
		break;
	case EVENT_VALUE_NEGATIVE:
		bad_row(r, "column 'value': negative value '%s' for a '%s' "
			   "event",
			text, name);
		break;
	case EVENT_VALUE_RANGE:
		bad_row(r, "column 'value': '%s' is out of range for a '%s' "
			   "event",
			text, name);
		break;
	}
	return -1;
}

/* The field at column c of the row, "" when c < 0. */
static const char *
field(const char *const *row, const size_t *lens, int c, size_t *len)
{
	if (c < 0) {
		*len = 0;
		return "";
	}
	*len = lens[c];
	return row[c];
}

/* The value of the n digits at s, or -1 when one is not a digit. */
static int
digits_value(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		v = v * 10 + (int)d;
	}
	return v;
}

/*
 * The cache entry of month m of year y, filled on first use with the day
 * number of its first day and its length; NULL when the month does not
 * exist (date_from_ymd() refuses its first day).
 */
static const struct month_entry *
month_entry(struct event_reader *r, int y, int m)
{
	struct month_entry *e = &r->months[(unsigned)(y * 12 + m) % MONTH_CACHE];
	int len, day;

	if (e->year == y && e->month == m)
		return e;
	if (date_from_ymd(y, m, 1, &e->first) != 0)
		return NULL;
	for (len = 31; len > 28; len--)
		if (date_from_ymd(y, m, len, &day) == 0)
			break;
	e->year = y;
	e->month = m;
	e->length = len;
	return e;
}

/*
 * Parse an ISO date as date_parse_iso() does: exactly YYYY-MM-DD, an
 * existing day.  The last date is remembered (date-ordered streams repeat
 * it), and each month's first day and length are cached, so a date costs
 * a few digit checks and an addition.
 */
static int
parse_date(struct event_reader *r, const char *s, size_t len, int *day)
{
	const struct month_entry *e;
	int y, m, d;

	if (len == 10 && r->last_date[0] && memcmp(s, r->last_date, 10) == 0) {
		*day = r->last_day;
		return 0;
	}
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits_value(s, 4);
	m = digits_value(s + 5, 2);
	d = digits_value(s + 8, 2);
	if (y < 0 || m < 0 || d < 1 || (e = month_entry(r, y, m)) == NULL ||
	    d > e->length)
		return -1;
	*day = e->first + d - 1;
	memcpy(r->last_date, s, 10);
	r->last_day = *day;
	return 0;
}

/* Fill ev from the current row; 0 when the row is a valid event. */
static int
parse_row(struct event_reader *r, struct event *ev)
{
	const size_t *lens;
	const char *const *row = tsv_row(r->tsv, &lens);
	const char *type, *date, *value;
	size_t type_len, date_len, value_len;
	int ty;

	ev->account = field(row, lens, r->c_account, &ev->account_len);
	type = field(row, lens, r->c_type, &type_len);
	date = field(row, lens, r->c_date, &date_len);
	value = field(row, lens, r->c_value, &value_len);
	if (ev->account_len == 0) {
		bad_row(r, "column 'account': missing account");
		return -1;
	}
	ty = type_len ? event_type_parse(type, type_len) : -1;
	if (ty < 0) {
		if (type_len == 0) {
			bad_row(r, "column 'type': missing event type");
			return -1;
		}
		note_unknown(r, type, type_len);
		return 1;
	}
	ev->type = (enum event_type)ty;
	if (parse_date(r, date, date_len, &ev->day) != 0) {
		bad_row(r, "column 'date': invalid date '%.40s' (want "
			   "YYYY-MM-DD)",
			date);
		return -1;
	}
	ev->has_value = value_len > 0;
	ev->value = 0;
	if (ev->has_value && num_parse(value, value_len, &ev->value) != 0) {
		bad_row(r, "column 'value': invalid number '%.40s'", value);
		return -1;
	}
	if (check_value(r, ev, value) != 0)
		return -1;
	ev->ref = field(row, lens, r->c_ref, &ev->ref_len);
	ev->kind = field(row, lens, r->c_kind, &ev->kind_len);
	ev->file = tsv_name(r->tsv);
	ev->line = tsv_lineno(r->tsv);
	return 0;
}

int
event_next(struct event_reader *r, struct event *ev)
{
	int rc;

	for (;;) {
		if (r->tsv == NULL && !open_next(r))
			return 0;
		rc = tsv_next(r->tsv);
		if (rc == 0) {
			if (!open_next(r))
				return 0;
			continue;
		}
		if (rc < 0) {
			bad_row(r, "%s", tsv_error(r->tsv));
			if (r->gave_up)
				return 0;
			continue;
		}
		if (parse_row(r, ev) != 0) {
			if (r->gave_up)
				return 0;
			continue;
		}
		if (ev->day > r->max_day)
			r->max_day = ev->day;
		r->count++;
		return 1;
	}
}

/* ---- splitting one file into parts ---- */

/* Bytes looked at first for a cut, and at most. */
#define CUT_FIRST_LOOK ((long long)64 * 1024)
#define CUT_MAX_LOOK ((long long)16 * 1024 * 1024)

/* Column c of the line at p (len bytes): its start in *f, its length. */
static size_t
line_field(const char *p, size_t len, int c, const char **f)
{
	const char *end = p + len, *tab;

	for (; c > 0; c--) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (!tab) {
			*f = end;
			return 0;
		}
		p = tab + 1;
	}
	tab = memchr(p, '\t', (size_t)(end - p));
	*f = p;
	return (size_t)((tab ? tab : end) - p);
}

/*
 * In the n bytes at buf, which start anywhere in a line: the offset of
 * the first whole line whose column c differs from the whole line before
 * it, or -1 when there is none.
 */
static long long
cut_in(const char *buf, size_t n, int c)
{
	const char *end = buf + n, *p = memchr(buf, '\n', n), *nl;
	const char *prev = NULL, *f;
	size_t prev_len = 0, len;

	if (!p)
		return -1;
	for (p++; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	     p = nl + 1) {
		len = line_field(p, (size_t)(nl - p), c, &f);
		if (prev && (len != prev_len || memcmp(f, prev, len) != 0))
			return p - buf;
		prev = f;
		prev_len = len;
	}
	return -1;
}

/*
 * The offset of the first line after offset from in the file open as
 * fd (size bytes) whose column c differs from the line before it,
 * looking at no more than CUT_MAX_LOOK bytes; -1 when there is none.
 */
static long long
find_cut(int fd, long long from, long long size, int c)
{
	long long look, n, cut = -1;
	char *buf = NULL;
	ssize_t got;

	for (look = CUT_FIRST_LOOK; cut < 0 && look <= CUT_MAX_LOOK;
	     look *= 4) {
		n = size - from < look ? size - from : look;
		buf = xrealloc(buf, (size_t)n + 1);
		got = pread(fd, buf, (size_t)n, (off_t)from);
		if (got != n)
			break;
		cut = cut_in(buf, (size_t)n, c);
		if (n < look)
			break; /* the file's end was in view */
	}
	free(buf);
	return cut < 0 ? -1 : from + cut;
}

/* A strict reader of the one file of r, its header read. */
static struct event_reader *
open_part(const struct event_reader *r)
{
	struct event_reader *part = event_reader_open(r->paths, 1);

	open_next(part);
	part->strict = 1;
	return part;
}

/*
 * Where the parts of r's file (size bytes, its rows from offset start)
 * begin: cut[0] = start, then up to n - 1 cuts near equal shares, each at
 * an account change in column c; returns how many parts that makes.
 */
static int
find_cuts(const struct event_reader *r, long long start, long long size,
          int c, int n, long long *cut)
{
	int fd = open(r->paths[0], O_RDONLY), k, made = 1;
	long long at;

	cut[0] = start;
	if (fd < 0)
		return 1;
	for (k = 1; k < n; k++) {
		at = find_cut(fd, start + (size - start) / n * k, size, c);
		if (at > cut[made - 1])
			cut[made++] = at;
	}
	(void)close(fd);
	return made;
}

int
event_reader_split(const struct event_reader *r, int n, long long min_bytes,
                   struct event_reader **parts)
{
	struct stat st;
	long long *cut, start;
	int k, made;

	if (n < 2 || r->npaths != 1 || strcmp(r->paths[0], "-") == 0 ||
	    r->tsv || r->next_path || stat(r->paths[0], &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size < min_bytes)
		return 0;
	parts[0] = open_part(r);
	start = tsv_offset(parts[0]->tsv);
	cut = xcalloc((size_t)n + 1, sizeof(*cut));
	made = start < 0 ? 0
	                 : find_cuts(r, start, (long long)st.st_size,
	                             parts[0]->c_account, n, cut);
	cut[made] = LLONG_MAX; /* the last part reads to the end */
	for (k = 1; k < made; k++)
		parts[k] = open_part(r);
	for (k = 0; k < made; k++)
		if (tsv_read_range(parts[k]->tsv, cut[k], cut[k + 1]) != 0)
			break;
	free(cut);
	if (made >= 2 && k == made)
		return made;
	for (k = 0; k < (made ? made : 1); k++)
		event_reader_close(parts[k]);
	return 0;
}

int
event_reader_gave_up(const struct event_reader *r)
{
	return r->gave_up;
}

void
event_reader_add_counts(struct event_reader *r, const struct event_reader *part)
{
	r->count += part->count;
	r->bytes_done += event_reader_bytes(part);
	if (part->max_day > r->max_day)
		r->max_day = part->max_day;
}

void
event_reader_report_unknown(struct event_reader *r, int quiet)
{
	size_t i, n = strmap_count(r->unknown_names);

	for (i = 0; i < n && !quiet; i++)
		warn("%s:%ld: ignored %lu event%s of unknown type '%s'",
		     r->unknown[i].first_file, r->unknown[i].first_line,
		     r->unknown[i].count, r->unknown[i].count == 1 ? "" : "s",
		     strmap_key(r->unknown_names, i));
}

unsigned long
event_reader_bad_rows(const struct event_reader *r)
{
	return r->bad;
}

unsigned long long
event_reader_count(const struct event_reader *r)
{
	return r->count;
}

unsigned long long
event_reader_bytes(const struct event_reader *r)
{
	return r->bytes_done + (r->tsv ? tsv_bytes(r->tsv) : 0);
}

int
event_reader_max_day(const struct event_reader *r)
{
	return r->max_day;
}

unsigned long
event_reader_close(struct event_reader *r)
{
	unsigned long bad = r->bad;
	size_t i;

	if (r->bad > MAX_REPORTED)
		warn("%lu bad rows in all", r->bad);
	tsv_close(r->tsv);
	for (i = 0; i < strmap_count(r->unknown_names); i++)
		free(r->unknown[i].first_file);
	free(r->unknown);
	strmap_free(r->unknown_names);
	free(r);
	return bad;
}
