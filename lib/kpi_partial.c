/*
 * kpi_partial.c - partial aggregates of KPI states (see kpi_partial.h).
 *
 * A partial is written record by record, one TSV line each, the first
 * field naming the record; an account's touch, sub, mrr and item records
 * follow its account record.  The part that comes from the account table
 * (groups, health sums, bands, accounts by start date) is the same in
 * every partial made with the same table: it is written once per
 * partial with a hash, and a merge reads it from the first partial and
 * checks the hash of the others.  Sums are written as the exact
 * integers they are kept in (kpi_impl.h), doubles in the shortest form
 * that reads back exactly.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "input.h"
#include "kpi_impl.h"
#include "kpi_partial.h"
#include "num.h"
#include "tsv.h"
#include "xalloc.h"

#define MAGIC "rm-report-partial"
#define VERSION "1"

static const char *const item_names[NIT] = {"opportunity", "ticket",
                                            "invoice", "contract",
                                            "escalation"};

/* ---- writing ---- */

/* A day, or nothing for "none" (INT_MIN, INT_MAX). */
static void
put_day(FILE *f, int day)
{
	if (day != INT_MIN && day != INT_MAX)
		tsv_put_date(f, day);
}

static void
put_fix(FILE *f, kfix v)
{
	char buf[48], *p = buf + sizeof(buf);
	int neg = v < 0;
	ukfix u = neg ? -(ukfix)v : (ukfix)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (neg)
		*--p = '-';
	fputs(p, f);
}

/* The options line: what a merge must find the same in every partial. */
static void
put_options(FILE *f, const struct kpi_options *o)
{
	char buf[64];
	int i;

	fprintf(f, "options\tperiod=%s\tperiods=%d\tas_of=",
	        period_unit_name(o->unit), o->nperiods);
	put_day(f, o->as_of);
	fprintf(f, "\tuntouched_days=%d\tbands=", o->untouched_days);
	num_format_shortest(buf, sizeof(buf), o->band_cut_high);
	fprintf(f, "%s,", buf);
	num_format_shortest(buf, sizeof(buf), o->band_cut_low);
	fprintf(f, "%s\tband_order=", buf);
	tsv_put_str(f, o->band_order);
	for (i = 0; i < o->nby; i++) {
		fputs("\tby=", f);
		tsv_put_str(f, o->by[i]);
	}
	fputc('\n', f);
}

/* The table part (groups first), as text. */
static char *
table_text(const struct kpi_state *s, const struct kpi_tpart *tp,
           size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	size_t i;
	int g, k;

	if (!f)
		die(EXIT_SYSTEM, "out of memory");
	fprintf(f, "groups\t%d\t%d\n", s->ngroups, s->group_none);
	for (g = 0; g < s->ngroups; g++) {
		fputs("group\t", f);
		tsv_put_str(f, s->group_labels[g]);
		fputc('\n', f);
	}
	for (g = 0; g < tp->ngroups; g++) {
		const kfix *v = tp->f + (size_t)g * KT_N;

		for (k = 0; k < KT_N && !v[k]; k++)
			;
		if (k == KT_N)
			continue;
		fprintf(f, "tsum\t%d", g);
		for (k = 0; k < KT_N; k++) {
			fputc('\t', f);
			put_fix(f, v[k]);
		}
		fputc('\n', f);
	}
	fputs("bands", f);
	for (k = 0; k < tp->nbands; k++)
		fprintf(f, "\t%s", tp->bands[k]); /* cells: escaped already */
	fputc('\n', f);
	for (g = 0; g < tp->ngroups && tp->nbands; g++) {
		fprintf(f, "bcount\t%d", g);
		for (k = 0; k < tp->nbands; k++)
			fprintf(f, "\t%ld",
			        tp->count[(size_t)g * tp->nbands + k]);
		fputc('\n', f);
	}
	for (i = 0; i < tp->nhist; i++) {
		fprintf(f, "hist\t%d\t", tp->hist[i].group);
		put_day(f, tp->hist[i].start);
		fprintf(f, "\t%ld\n", tp->hist[i].count);
	}
	if (fclose(f) != 0)
		die(EXIT_SYSTEM, "out of memory");
	return text;
}

static unsigned long long
hash_text(const char *s, size_t len)
{
	unsigned long long h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The group's ring slots, oldest first, those with a sum not 0. */
static void
put_flows(FILE *f, const struct kpi_state *s, long *lines)
{
	int g, k, fld, done;

	for (g = 0; g < s->ngroups; g++)
		for (done = INT_MIN;;) {
			const struct gslot *slot = NULL;

			for (k = 0; k < s->R; k++) {
				const struct gslot *c =
				    &s->gring[(size_t)g * s->R + k];

				if (c->tag > done && (!slot || c->tag < slot->tag))
					slot = c;
			}
			if (!slot)
				break;
			done = slot->tag;
			for (fld = 0; fld < NF && !slot->f[fld]; fld++)
				;
			if (fld == NF)
				continue;
			fprintf(f, "flow\t%d\t%d", g, slot->tag);
			for (fld = 0; fld < NF; fld++) {
				fputc('\t', f);
				put_fix(f, slot->f[fld]);
			}
			fputc('\n', f);
			++*lines;
		}
}

/* Subscriptions and paired records, listed per account. */
struct owned {
	size_t *first; /* [naccounts + 1]: start in idx */
	size_t *idx;
};

static void
owned_build(struct owned *o, size_t nacc, size_t n,
            size_t (*acct_of)(const void *, size_t), const void *arg)
{
	size_t i, a;

	o->first = xcalloc(nacc + 2, sizeof(size_t));
	o->idx = xcalloc(n + 1, sizeof(size_t));
	for (i = 0; i < n; i++)
		o->first[acct_of(arg, i) + 2]++;
	for (a = 0; a < nacc; a++)
		o->first[a + 2] += o->first[a + 1];
	for (i = 0; i < n; i++)
		o->idx[o->first[acct_of(arg, i) + 1]++] = i;
}

static void
owned_free(struct owned *o)
{
	free(o->first);
	free(o->idx);
}

static size_t
sub_acct(const void *arg, size_t i)
{
	return ((const struct kpi_state *)arg)->sub[i].acct;
}

struct items_arg {
	struct pairs *p;
};

static size_t
item_acct(const void *arg, size_t i)
{
	return pairs_at(((const struct items_arg *)arg)->p, i)->acct;
}

static void
put_account(FILE *f, const struct kpi_state *s, size_t id, long *lines)
{
	const struct acct *a = &s->acct[id];
	int k;

	fputs("account\t", f);
	fputs(strmap_key(s->accounts, id), f); /* escaped already */
	fprintf(f, "\t%d\t%d\t", a->group, a->row >= 0);
	put_day(f, a->start);
	fputc('\t', f);
	put_day(f, a->first_rev);
	fputc('\t', f);
	put_day(f, a->first_event);
	fputc('\t', f);
	put_day(f, a->first_milestone);
	fputc('\t', f);
	put_day(f, a->base_touch);
	fputc('\n', f);
	++*lines;
	for (k = 0; k < s->R; k++) {
		const struct aslot *as = &s->aring[id * s->R + k];

		if (as->tag == INT_MIN)
			continue;
		fprintf(f, "touch\t%d\t", as->tag);
		put_day(f, as->last_touch);
		fprintf(f, "\t%d\n", as->ordered);
		++*lines;
	}
}

static void
put_sub(FILE *f, const struct kpi_state *s, size_t id, long *lines)
{
	const struct sub *sb = &s->sub[id];
	int k;

	fputs("sub\t", f);
	put_day(f, sb->base_day);
	fputc('\t', f);
	tsv_put_num(f, sb->base_value);
	fputc('\n', f);
	++*lines;
	for (k = 0; k < s->R; k++) {
		const struct mslot *m = &s->sring[id * s->R + k];

		if (m->tag == INT_MIN)
			continue;
		fprintf(f, "mrr\t%d\t", m->tag);
		put_day(f, m->day);
		fputc('\t', f);
		tsv_put_num(f, m->value);
		fputc('\n', f);
		++*lines;
	}
}

static void
put_item(FILE *f, int which, const struct pair *it, long *lines)
{
	fprintf(f, "item\t%s\t", item_names[which]);
	put_day(f, it->open);
	fputc('\t', f);
	put_day(f, it->close);
	fputc('\t', f);
	tsv_put_num(f, it->open_value);
	fputc('\t', f);
	tsv_put_num(f, it->close_value);
	fprintf(f, "\t%d\t%d\n", it->kind, it->close_type);
	++*lines;
}

/* Every account of s with its subscriptions and records. */
static void
put_accounts(FILE *f, struct kpi_state *s, long *lines)
{
	size_t nacc = strmap_count(s->accounts), a, i;
	struct owned subs, items[NIT];
	struct items_arg ia[NIT];
	int w;

	owned_build(&subs, nacc, pairs_count(s->subs), sub_acct, s);
	for (w = 0; w < NIT; w++) {
		ia[w].p = s->items[w];
		owned_build(&items[w], nacc, pairs_count(s->items[w]),
		            item_acct, &ia[w]);
	}
	for (a = 0; a < nacc; a++) {
		put_account(f, s, a, lines);
		for (i = subs.first[a]; i < subs.first[a + 1]; i++)
			put_sub(f, s, subs.idx[i], lines);
		for (w = 0; w < NIT; w++)
			for (i = items[w].first[a]; i < items[w].first[a + 1];
			     i++)
				put_item(f, w,
				         pairs_at(s->items[w], items[w].idx[i]),
				         lines);
	}
	owned_free(&subs);
	for (w = 0; w < NIT; w++)
		owned_free(&items[w]);
}

/* Write states as a partial with the table part tp (freed). */
static void
write_partial(FILE *f, struct kpi_state **states, int n, int latest_day,
              struct kpi_tpart *tp)
{
	struct kpi_state *s = states[0];
	unsigned seen = 0;
	long lines = 5;
	size_t len;
	char *text = table_text(s, tp, &len);
	int i;

	for (i = 0; i < n; i++)
		seen |= states[i]->seen;
	fputs(MAGIC "\t" VERSION "\n", f);
	put_options(f, &s->opt);
	fputs("latest\t", f);
	put_day(f, latest_day);
	fprintf(f, "\nseen\t%u\n", seen);
	for (i = 0; i < (int)len; i++)
		lines += text[i] == '\n';
	fprintf(f, "table\t%016llx\t%ld\n", hash_text(text, len),
	        lines - 5);
	fwrite(text, 1, len, f);
	free(text);
	for (i = 0; i < n; i++)
		put_flows(f, states[i], &lines);
	for (i = 0; i < n; i++)
		put_accounts(f, states[i], &lines);
	fprintf(f, "end\t%ld\n", lines);
	kpi_tpart_free(tp);
	for (i = 0; i < n; i++)
		kpi_state_free(states[i]);
}

void
kpi_partial_write(FILE *f, struct kpi_state **states, int n, int latest_day)
{
	write_partial(f, states, n, latest_day, kpi_tpart_build(states[0]));
}

/* ---- reading ---- */

#define MAXF (NF + 8)

struct kpi_merge {
	int have;        /* a partial was read: opt, table are set */
	char *options;   /* the first partial's options line */
	struct kpi_options opt;
	unsigned long long table_hash;
	struct kpi_tpart *tp;
	int ngroups, group_none;
	char **labels;
	struct strmap *keys; /* accounts of every partial */
	struct kpi_state **states;
	int n;
	size_t cap;
	int latest;
};

/* Where a partial is being read, and the current line's fields. */
struct rd {
	struct kpi_merge *m;
	struct input *in;
	const char *name;
	char *line;
	size_t len;
	char *f[MAXF];
	int nf;
	long count; /* lines of this partial so far */
	struct kpi_state *s;
	size_t acct, sub; /* the last account and subscription records */
	int have_acct, have_sub;
};

static void bad(struct rd *r, int field, const char *what)
    __attribute__((noreturn));

/* A malformed line: file, line, field (1-based) and what is wrong. */
static void
bad(struct rd *r, int field, const char *what)
{
	if (field > 0 && field <= r->nf)
		die(EXIT_DATA, "%s:%ld: field %d of the '%s' record: %s '%.40s'",
		    r->name, input_lineno(r->in), field, r->f[0], what,
		    r->f[field - 1]);
	die(EXIT_DATA, "%s:%ld: %s", r->name, input_lineno(r->in), what);
}

static int
next_line(struct rd *r)
{
	char *p;

	if (!input_getline(r->in, &r->line, &r->len))
		return 0;
	if (memchr(r->line, '\0', r->len))
		bad(r, 0, "NUL byte in a partial");
	r->nf = 0;
	p = r->line;
	for (;;) {
		char *tab = strchr(p, '\t');

		if (r->nf == MAXF)
			bad(r, 0, "too many fields for a partial");
		r->f[r->nf++] = p;
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	r->count++;
	return 1;
}

static void
want_fields(struct rd *r, int n)
{
	if (r->nf != n) {
		char msg[80];

		(void)snprintf(msg, sizeof(msg), /* a cut message is harmless */
		               "%d fields, a '%s' record has %d", r->nf, r->f[0],
		               n);
		bad(r, 0, msg);
	}
}

static long
get_long(struct rd *r, int field, long lo, long hi)
{
	const char *s = r->f[field - 1];
	char *end;
	long v;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		bad(r, field, "invalid number");
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		bad(r, field, "invalid number");
	return v;
}

/* A day, or none (empty) as none_value. */
static int
get_day(struct rd *r, int field, int none_value)
{
	const char *s = r->f[field - 1];
	int day;

	if (*s == '\0')
		return none_value;
	if (date_parse_iso(s, strlen(s), &day) != 0)
		bad(r, field, "invalid date");
	return day;
}

/* A double; empty is NaN. */
static double
get_num(struct rd *r, int field)
{
	const char *s = r->f[field - 1];
	double v;

	if (*s == '\0')
		return NAN;
	if (num_parse(s, strlen(s), &v) != 0)
		bad(r, field, "invalid number");
	return v;
}

static kfix
get_fix(struct rd *r, int field)
{
	const char *s = r->f[field - 1];
	int neg = *s == '-';
	ukfix u = 0, limit = (ukfix)1 << 120;

	s += neg;
	if (*s == '\0')
		bad(r, field, "invalid sum");
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || u > limit)
			bad(r, field, "invalid sum");
		u = u * 10 + (unsigned)(*s - '0');
	}
	return neg ? -(kfix)u : (kfix)u;
}

static int
get_group(struct rd *r, int field)
{
	return (int)get_long(r, field, 0, r->s->ngroups - 1);
}

static int
get_period(struct rd *r, int field)
{
	return (int)get_long(r, field, INT_MIN + 1, INT_MAX);
}

/* Parse the options line into m->opt (first partial). */
static void
read_options(struct rd *r, struct kpi_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->as_of = INT_MIN;
	for (i = 1; i < r->nf; i++) {
		char *v = strchr(r->f[i], '=');
		size_t klen;

		if (!v)
			bad(r, i + 1, "not NAME=VALUE");
		klen = (size_t)(v - r->f[i]);
		v++;
#define KEY(k) (klen == strlen(k) && memcmp(r->f[i], k, klen) == 0)
		if (KEY("period")) {
			if (period_parse_unit(v, &o->unit) != 0)
				bad(r, i + 1, "invalid period");
		} else if (KEY("periods")) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || n < 1 || n > 120)
				bad(r, i + 1, "invalid periods");
			o->nperiods = (int)n;
		} else if (KEY("as_of")) {
			if (*v && date_parse_iso(v, strlen(v), &o->as_of))
				bad(r, i + 1, "invalid as_of");
		} else if (KEY("untouched_days")) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || n < 1 || n > 36500)
				bad(r, i + 1, "invalid untouched_days");
			o->untouched_days = (int)n;
		} else if (KEY("bands")) {
			char *c = strchr(v, ',');

			if (!c || num_parse(v, (size_t)(c - v),
			                    &o->band_cut_high) ||
			    num_parse(c + 1, strlen(c + 1), &o->band_cut_low))
				bad(r, i + 1, "invalid bands");
		} else if (KEY("band_order")) {
			o->band_order = xstrdup(v);
			tsv_unescape(v, strlen(v), (char *)o->band_order);
		} else if (KEY("by")) {
			o->by = xreallocarray(o->by, o->nby + 1,
			                      sizeof(char *));
			o->by[o->nby] = xstrdup(v);
			tsv_unescape(v, strlen(v), o->by[o->nby++]);
		} else {
			bad(r, i + 1, "unknown option");
		}
#undef KEY
	}
	if (!o->nperiods || !o->untouched_days || !o->band_order)
		bad(r, 0, "options incomplete");
}

/* The table part of the first partial. */
static void
read_table(struct rd *r, long nlines)
{
	struct kpi_merge *m = r->m;
	struct kpi_tpart *tp = NULL;
	size_t hcap = 0;
	long i;
	int g = 0, k;

	for (i = 0; i < nlines; i++) {
		if (!next_line(r))
			bad(r, 0, "partial cut short in its table part");
		if (i == 0) {
			if (strcmp(r->f[0], "groups") != 0)
				bad(r, 1, "want 'groups'");
			want_fields(r, 3);
			m->ngroups = (int)get_long(r, 2, 1, INT_MAX / 64);
			m->group_none = (int)get_long(r, 3, 0, m->ngroups - 1);
			m->labels = xcalloc(m->ngroups, sizeof(char *));
			tp = kpi_tpart_new(m->ngroups);
		} else if (g < m->ngroups) {
			if (strcmp(r->f[0], "group") != 0)
				bad(r, 1, "want 'group'");
			want_fields(r, 2);
			m->labels[g] = xstrdup(r->f[1]);
			tsv_unescape(r->f[1], strlen(r->f[1]), m->labels[g]);
			g++;
		} else if (strcmp(r->f[0], "tsum") == 0) {
			want_fields(r, 2 + KT_N);
			g = (int)get_long(r, 2, 0, m->ngroups - 1);
			for (k = 0; k < KT_N; k++)
				tp->f[(size_t)g * KT_N + k] = get_fix(r, 3 + k);
			g = m->ngroups;
		} else if (strcmp(r->f[0], "bands") == 0) {
			free(tp->bands);
			free(tp->count);
			tp->nbands = r->nf - 1;
			tp->bands = xcalloc(tp->nbands + 1, sizeof(char *));
			for (k = 0; k < tp->nbands; k++)
				tp->bands[k] = xstrdup(r->f[k + 1]);
			tp->count = xcalloc(
			    (size_t)m->ngroups * tp->nbands + 1, sizeof(long));
		} else if (strcmp(r->f[0], "bcount") == 0) {
			want_fields(r, 2 + tp->nbands);
			g = (int)get_long(r, 2, 0, m->ngroups - 1);
			for (k = 0; k < tp->nbands; k++)
				tp->count[(size_t)g * tp->nbands + k] =
				    get_long(r, 3 + k, 0, LONG_MAX);
			g = m->ngroups;
		} else if (strcmp(r->f[0], "hist") == 0) {
			struct kpi_hist *h;

			want_fields(r, 4);
			grow_array((void **)&tp->hist, &hcap, tp->nhist + 1,
			           sizeof(*tp->hist));
			h = &tp->hist[tp->nhist++];
			h->group = (int)get_long(r, 2, 0, m->ngroups - 1);
			h->start = get_day(r, 3, INT_MIN);
			h->count = get_long(r, 4, 1, LONG_MAX);
			if (tp->nhist > 1 &&
			    (h[-1].group > h->group ||
			     (h[-1].group == h->group && h[-1].start >= h->start)))
				bad(r, 0, "'hist' records out of order");
		} else {
			bad(r, 1, "unknown record in the table part");
		}
	}
	if (!tp || g < m->ngroups)
		bad(r, 0, "partial cut short in its groups");
	m->tp = tp;
}

/* Skip the table part of a later partial (its hash was compared). */
static void
skip_table(struct rd *r, long nlines)
{
	long i;

	for (i = 0; i < nlines; i++)
		if (!next_line(r))
			bad(r, 0, "partial cut short in its table part");
}

static void
read_flow(struct rd *r)
{
	struct kpi_state *s = r->s;
	struct gslot *slot;
	int g, q, fld;

	want_fields(r, 3 + NF);
	g = get_group(r, 2);
	q = get_period(r, 3);
	slot = &s->gring[(size_t)g * s->R + ((q % s->R) + s->R) % s->R];
	if (slot->tag > q)
		return; /* outside the window of the other */
	if (slot->tag < q) {
		memset(slot->f, 0, sizeof(slot->f));
		slot->tag = q;
	}
	for (fld = 0; fld < NF; fld++)
		slot->f[fld] += get_fix(r, 4 + fld);
}

static void
read_account(struct rd *r)
{
	struct kpi_state *s = r->s;
	struct acct *a;
	const char *key = r->f[1];
	size_t len = strlen(key);
	int added, g, was;

	want_fields(r, 9);
	if (len == 0)
		bad(r, 2, "missing account");
	strmap_intern(r->m->keys, key, len, &added);
	if (!added)
		die(EXIT_DATA,
		    "%s:%ld: account '%.40s' is in another partial too "
		    "(shards must hold all events of an account)",
		    r->name, input_lineno(r->in), key);
	g = get_group(r, 3);
	was = s->group_used[s->group_none];
	r->acct = kpi_account_add(s, key, len, &added);
	s->group_used[s->group_none] = (unsigned char)was;
	if (!added)
		die(EXIT_DATA, "%s:%ld: account '%.40s' twice in a partial",
		    r->name, input_lineno(r->in), key);
	a = &s->acct[r->acct];
	a->group = g;
	s->group_used[g] = 1;
	a->row = get_long(r, 4, 0, 1) ? 0 : -1;
	a->start = get_day(r, 5, INT_MIN);
	a->first_rev = get_day(r, 6, INT_MAX);
	a->first_event = get_day(r, 7, INT_MAX);
	a->first_milestone = get_day(r, 8, INT_MAX);
	a->base_touch = get_day(r, 9, INT_MIN);
	r->have_acct = 1;
	r->have_sub = 0;
}

static void
read_touch(struct rd *r)
{
	struct kpi_state *s = r->s;
	struct aslot *as;
	int q;

	want_fields(r, 4);
	if (!r->have_acct)
		bad(r, 0, "a 'touch' record before any 'account' record");
	q = get_period(r, 2);
	as = &s->aring[r->acct * s->R + ((q % s->R) + s->R) % s->R];
	if (as->tag != INT_MIN)
		bad(r, 2, "a second 'touch' record in the ring slot of period");
	as->tag = q;
	as->last_touch = get_day(r, 3, INT_MIN);
	as->ordered = (int)get_long(r, 4, 0, 1);
}

static void
read_sub(struct rd *r)
{
	struct kpi_state *s = r->s;

	want_fields(r, 3);
	if (!r->have_acct)
		bad(r, 0, "a 'sub' record before any 'account' record");
	r->sub = kpi_sub_add(s, r->acct);
	s->sub[r->sub].base_day = get_day(r, 2, INT_MIN);
	s->sub[r->sub].base_value = get_num(r, 3);
	if (isnan(s->sub[r->sub].base_value))
		bad(r, 3, "missing number");
	r->have_sub = 1;
}

static void
read_mrr(struct rd *r)
{
	struct kpi_state *s = r->s;
	struct mslot *m;
	int q;

	want_fields(r, 4);
	if (!r->have_sub)
		bad(r, 0, "an 'mrr' record before any 'sub' record");
	q = get_period(r, 2);
	m = &s->sring[r->sub * s->R + ((q % s->R) + s->R) % s->R];
	if (m->tag != INT_MIN)
		bad(r, 2, "a second 'mrr' record in the ring slot of period");
	m->tag = q;
	m->day = get_day(r, 3, INT_MIN);
	m->value = get_num(r, 4);
	if (isnan(m->value))
		bad(r, 4, "missing number");
}

static void
read_item(struct rd *r)
{
	struct pair *it;
	int w;

	want_fields(r, 8);
	if (!r->have_acct)
		bad(r, 0, "an 'item' record before any 'account' record");
	for (w = 0; w < NIT && strcmp(r->f[1], item_names[w]) != 0; w++)
		;
	if (w == NIT)
		bad(r, 2, "unknown kind of item");
	it = kpi_item_add(r->s, w, r->acct);
	it->open = get_day(r, 3, INT_MIN);
	it->close = get_day(r, 4, INT_MIN);
	it->open_value = get_num(r, 5);
	it->close_value = get_num(r, 6);
	it->kind = (uint8_t)get_long(r, 7, 0, 3);
	it->close_type = (uint8_t)get_long(r, 8, 0, 2);
}

/* The header records of a partial, up to and with its table part. */
static void
read_head(struct rd *r)
{
	struct kpi_merge *m = r->m;
	unsigned long long hash;
	long nlines;
	char *end;
	int latest;

	if (r->nf != 2 || strcmp(r->f[0], MAGIC) != 0)
		bad(r, 0, "not a partial of rm-report (want a first line "
		          "'" MAGIC "<TAB>" VERSION "')");
	if (strcmp(r->f[1], VERSION) != 0)
		bad(r, 2, "unknown partial version");
	if (!next_line(r) || strcmp(r->f[0], "options") != 0)
		bad(r, 0, "want an 'options' record");
	for (nlines = 1; nlines < r->nf; nlines++)
		*(r->f[nlines] - 1) = '\t'; /* the whole line again */
	if (!m->have) {
		m->options = xstrdup(r->line);
		r->nf = 1;
		for (end = r->line; (end = strchr(end, '\t')); *end++ = '\0')
			r->f[r->nf++] = end + 1;
		read_options(r, &m->opt);
	} else if (strcmp(m->options, r->line) != 0) {
		bad(r, 0, "partial made with other options than the first "
		          "(compare their 'options' lines)");
	}
	if (!next_line(r) || strcmp(r->f[0], "latest") != 0)
		bad(r, 0, "want a 'latest' record");
	want_fields(r, 2);
	latest = get_day(r, 2, INT_MIN);
	if (latest > m->latest)
		m->latest = latest;
	if (!next_line(r) || strcmp(r->f[0], "seen") != 0)
		bad(r, 0, "want a 'seen' record");
	want_fields(r, 2);
	r->s = NULL;
	{
		unsigned long seen = (unsigned long)get_long(r, 2, 0, LONG_MAX);

		if (!next_line(r) || strcmp(r->f[0], "table") != 0)
			bad(r, 0, "want a 'table' record");
		want_fields(r, 3);
		hash = strtoull(r->f[1], &end, 16);
		if (strlen(r->f[1]) != 16 || *end)
			bad(r, 2, "invalid hash");
		nlines = get_long(r, 3, 1, LONG_MAX);
		if (!m->have) {
			m->table_hash = hash;
			read_table(r, nlines);
			m->have = 1;
		} else if (hash != m->table_hash) {
			bad(r, 0, "partial made with another account table "
			          "than the first");
		} else {
			skip_table(r, nlines);
		}
		r->s = kpi_state_new(&m->opt, NULL, 1);
		r->s->ngroups = m->ngroups;
		r->s->group_none = m->group_none;
		kpi_state_groups(r->s);
		r->s->seen = (unsigned)seen;
		r->s->max_day = latest;
	}
}

/* Read one partial whose first line is the current one. */
static void
read_partial(struct rd *r)
{
	struct kpi_merge *m = r->m;

	r->count = 1;
	r->have_acct = r->have_sub = 0;
	read_head(r);
	grow_array((void **)&m->states, &m->cap, (size_t)m->n + 1,
	           sizeof(struct kpi_state *));
	m->states[m->n++] = r->s;
	while (next_line(r)) {
		const char *t = r->f[0];

		if (strcmp(t, "end") == 0) {
			want_fields(r, 2);
			if (get_long(r, 2, 0, LONG_MAX) != r->count - 1)
				bad(r, 2, "wrong count of lines (a partial "
				          "cut short?)");
			return;
		}
		if (strcmp(t, "account") == 0)
			read_account(r);
		else if (strcmp(t, "touch") == 0)
			read_touch(r);
		else if (strcmp(t, "sub") == 0)
			read_sub(r);
		else if (strcmp(t, "mrr") == 0)
			read_mrr(r);
		else if (strcmp(t, "item") == 0)
			read_item(r);
		else if (strcmp(t, "flow") == 0)
			read_flow(r);
		else
			bad(r, 1, "unknown record");
	}
	bad(r, 0, "partial cut short (no 'end' record)");
}

struct kpi_merge *
kpi_merge_new(void)
{
	struct kpi_merge *m = xcalloc(1, sizeof(*m));

	m->keys = strmap_new();
	m->latest = INT_MIN;
	return m;
}

void
kpi_merge_read(struct kpi_merge *m, const char *path)
{
	struct rd r;

	memset(&r, 0, sizeof(r));
	r.m = m;
	r.in = input_open(path);
	r.name = input_name(r.in);
	while (next_line(&r))
		read_partial(&r);
	input_close(r.in);
}

const struct kpi_options *
kpi_merge_options(const struct kpi_merge *m)
{
	if (!m->n)
		die(EXIT_DATA, "no partials to merge");
	return &m->opt;
}

int
kpi_merge_latest(const struct kpi_merge *m)
{
	return m->latest;
}

/* Free m but for its states and table part. */
static void
merge_free(struct kpi_merge *m)
{
	int i;

	free(m->options);
	for (i = 0; i < m->opt.nby; i++)
		free(m->opt.by[i]);
	free(m->opt.by);
	free((char *)m->opt.band_order);
	for (i = 0; i < m->ngroups; i++)
		free(m->labels[i]);
	free(m->labels);
	strmap_free(m->keys);
	free(m->states);
	free(m);
}

/* Give the first state the group labels (the others need none). */
static void
label_states(struct kpi_merge *m)
{
	struct kpi_state *s;
	int g;

	if (!m->n)
		die(EXIT_DATA, "no partials to merge");
	s = m->states[0];
	s->group_labels = xcalloc(m->ngroups, sizeof(char *));
	for (g = 0; g < m->ngroups; g++)
		s->group_labels[g] = xstrdup(m->labels[g]);
}

struct report *
kpi_merge_finish(struct kpi_merge *m)
{
	struct report *r;

	label_states(m);
	r = kpi_finish_parts(m->states, m->n, m->latest, m->tp);
	m->tp = NULL;
	merge_free(m);
	return r;
}

void
kpi_merge_write(struct kpi_merge *m, FILE *f)
{
	label_states(m);
	write_partial(f, m->states, m->n, m->latest, m->tp);
	m->tp = NULL;
	merge_free(m);
}
