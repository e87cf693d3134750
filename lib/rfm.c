/*
 * rfm.c - recency, frequency, monetary per account, scores and segments.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "input.h"
#include "num.h"
#include "rfm.h"
#include "segment.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

/* ---- the segment table ---- */

struct rfm_seg {
	char *name;
	int lo[3], hi[3]; /* r, f, m */
};

struct rfm_table {
	struct rfm_seg *segs;
	size_t n, cap;
	int rescale; /* the default table: scores to 1..5 */
};

static void
table_push(struct rfm_table *t, const char *name, size_t len, const int *lo,
           const int *hi)
{
	struct rfm_seg *s;

	grow_array((void **)&t->segs, &t->cap, t->n + 1, sizeof(*t->segs));
	s = &t->segs[t->n++];
	s->name = xmemdup(name, len);
	memcpy(s->lo, lo, sizeof(s->lo));
	memcpy(s->hi, hi, sizeof(s->hi));
}

struct rfm_table *
rfm_table_default(void)
{
	static const struct {
		const char *name;
		int rlo, rhi, flo, fhi;
	} rows[] = {{"Champions", 5, 5, 4, 5},
	            {"Loyal", 3, 4, 4, 5},
	            {"Potential Loyalist", 4, 5, 2, 3},
	            {"New", 5, 5, 1, 1},
	            {"Promising", 4, 4, 1, 1},
	            {"Need Attention", 3, 3, 3, 3},
	            {"About to Sleep", 3, 3, 1, 2},
	            {"Can't Lose Them", 1, 2, 5, 5},
	            {"At Risk", 1, 2, 3, 4},
	            {"Lost", 1, 1, 1, 1},
	            {"Hibernating", 1, 2, 1, 2}};
	struct rfm_table *t = xcalloc(1, sizeof(*t));
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int lo[3] = {rows[i].rlo, rows[i].flo, 1};
		int hi[3] = {rows[i].rhi, rows[i].fhi, 5};

		table_push(t, rows[i].name, strlen(rows[i].name), lo, hi);
	}
	t->rescale = 1;
	return t;
}

/* Parse a range "*", "N" or "N-M" of len bytes at s; 0 or -1. */
static int
parse_range(const char *s, size_t len, int bins, int *lo, int *hi)
{
	char buf[32];
	char *dash, *end;
	long a, b;

	if (len == 1 && *s == '*') {
		*lo = 1;
		*hi = bins;
		return 0;
	}
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!isdigit((unsigned char)buf[0]))
		return -1;
	a = strtol(buf, &end, 10);
	dash = end;
	if (*dash == '\0') {
		b = a;
	} else if (*dash == '-' && isdigit((unsigned char)dash[1])) {
		b = strtol(dash + 1, &end, 10);
		if (*end != '\0')
			return -1;
	} else {
		return -1;
	}
	if (a < 1 || b > bins || a > b)
		return -1;
	*lo = (int)a;
	*hi = (int)b;
	return 0;
}

struct rfm_table *
rfm_table_read(const char *path, int bins)
{
	static const char *const what[] = {"r", "f", "m"};
	struct input *in = input_open(path);
	struct rfm_table *t = xcalloc(1, sizeof(*t));
	char *line, *f[5];
	size_t len;

	while (input_getline(in, &line, &len)) {
		int lo[3], hi[3], nf = 0, k;
		char *p = line;

		if (len == 0 || *line == '#')
			continue;
		for (;;) {
			if (nf < 5)
				f[nf] = p;
			nf++;
			p = strchr(p, '\t');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		if (nf != 4)
			die(EXIT_USAGE,
			    "%s:%ld: want 4 TAB-separated fields (name, r, f, "
			    "m), found %d",
			    input_name(in), input_lineno(in), nf);
		if (*f[0] == '\0')
			die(EXIT_USAGE, "%s:%ld: empty segment name",
			    input_name(in), input_lineno(in));
		for (k = 0; k < 3; k++)
			if (parse_range(f[k + 1], strlen(f[k + 1]), bins,
			                &lo[k], &hi[k]) != 0)
				die(EXIT_USAGE,
				    "%s:%ld: column '%s': invalid range '%s' "
				    "(want *, N or N-M within 1-%d)",
				    input_name(in), input_lineno(in), what[k],
				    f[k + 1], bins);
		table_push(t, f[0], strlen(f[0]), lo, hi);
	}
	if (t->n == 0)
		die(EXIT_USAGE, "%s: no segments in the file", input_name(in));
	input_close(in);
	return t;
}

size_t
rfm_table_count(const struct rfm_table *t)
{
	return t->n;
}

const char *
rfm_table_name(const struct rfm_table *t, size_t i)
{
	return i < t->n ? t->segs[i].name : "";
}

/* Score s of 1..bins on the scale 1..5: ceil(5 s / bins). */
static int
to_five(int s, int bins)
{
	return (5 * s + bins - 1) / bins;
}

const char *
rfm_table_lookup(const struct rfm_table *t, int bins, int r, int f, int m)
{
	int v[3] = {r, f, m};
	size_t i;
	int k;

	if (t->rescale && bins != 5)
		for (k = 0; k < 3; k++)
			v[k] = to_five(v[k], bins);
	for (i = 0; i < t->n; i++) {
		for (k = 0; k < 3; k++)
			if (v[k] < t->segs[i].lo[k] || v[k] > t->segs[i].hi[k])
				break;
		if (k == 3)
			return t->segs[i].name;
	}
	return NULL;
}

void
rfm_table_free(struct rfm_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free(t->segs[i].name);
	free(t->segs);
	free(t);
}

/* ---- the accounts ---- */

struct rfm_account {
	uint64_t last_ref; /* hash of the previous order's ref, 0: none */
	double monetary;
	int last_day;
	unsigned frequency;
	int recency;
	unsigned char r, f, m;
};

struct rfm {
	struct strmap *ids;
	struct rfm_account *acc;
	size_t cap;
	int as_of;
};

struct rfm *
rfm_new(int as_of)
{
	struct rfm *r = xcalloc(1, sizeof(*r));

	r->ids = strmap_new();
	r->as_of = as_of;
	return r;
}

/*
 * FNV-1a fingerprint of an order's ref; never 0 (0 means "no ref").  It is
 * only compared with the same account's previous ref, so 8 bytes per
 * account stand in for the ref (a strmap of refs would keep every distinct
 * ref, memory per order rather than per account; a false match needs a
 * 64-bit collision between two consecutive refs of one account).
 */
static uint64_t
hash_ref(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

void
rfm_add(struct rfm *r, const struct event *ev)
{
	struct rfm_account *a;
	uint64_t ref;
	size_t id;
	int added;

	if (ev->type != EV_ORDER || ev->day > r->as_of)
		return;
	id = strmap_intern(r->ids, ev->account, ev->account_len, &added);
	if (id >= r->cap)
		grow_array((void **)&r->acc, &r->cap, id + 1, sizeof(*r->acc));
	a = &r->acc[id];
	if (added) {
		memset(a, 0, sizeof(*a));
		a->last_day = ev->day;
	}
	ref = ev->ref_len ? hash_ref(ev->ref, ev->ref_len) : 0;
	if (ref == 0 || ref != a->last_ref)
		a->frequency++;
	a->last_ref = ref;
	if (ev->day > a->last_day)
		a->last_day = ev->day;
	if (ev->has_value)
		a->monetary += ev->value;
}

size_t
rfm_count(const struct rfm *r)
{
	return strmap_count(r->ids);
}

void
rfm_prepare(struct rfm *r, int as_of)
{
	size_t i, n = rfm_count(r);

	for (i = 0; i < n; i++) {
		r->acc[i].recency = as_of - r->acc[i].last_day;
		r->acc[i].monetary = round(r->acc[i].monetary * 100) / 100;
	}
}

void
rfm_values(const struct rfm *r, enum rfm_scale k, double *v)
{
	size_t i, n = rfm_count(r);

	for (i = 0; i < n; i++)
		v[i] = k == RFM_RECENCY     ? -(double)r->acc[i].recency
		       : k == RFM_FREQUENCY ? (double)r->acc[i].frequency
		                            : r->acc[i].monetary;
}

void
rfm_set_scores(struct rfm *r, enum rfm_scale k, const int *s)
{
	size_t i, n = rfm_count(r);

	for (i = 0; i < n; i++) {
		unsigned char *to = k == RFM_RECENCY     ? &r->acc[i].r
		                    : k == RFM_FREQUENCY ? &r->acc[i].f
		                                         : &r->acc[i].m;

		*to = (unsigned char)s[i];
	}
}

int
rfm_last_day(const struct rfm *r, size_t i)
{
	return r->acc[i].last_day;
}

void
rfm_score(struct rfm *r, int as_of, int bins)
{
	size_t n = rfm_count(r);
	double *v = xmalloc((n ? n : 1) * sizeof(*v));
	int *s = xmalloc((n ? n : 1) * sizeof(*s));
	int k;

	rfm_prepare(r, as_of);
	for (k = RFM_RECENCY; k <= RFM_MONETARY; k++) {
		rfm_values(r, (enum rfm_scale)k, v);
		seg_ntile(v, n, bins, s);
		rfm_set_scores(r, (enum rfm_scale)k, s);
	}
	free(v);
	free(s);
}

void
rfm_write_header(FILE *f, const char *name)
{
	fputs("account\trecency\tfrequency\tmonetary\tr\tf\tm\trfm\t", f);
	tsv_put_str(f, name);
	putc('\n', f);
}

void
rfm_write_row(FILE *f, const struct rfm *r, size_t i, const char *label)
{
	const struct rfm_account *a = &r->acc[i];

	fwrite(strmap_key(r->ids, i), 1, strmap_key_len(r->ids, i), f);
	fprintf(f, "\t%d\t%u\t", a->recency, a->frequency);
	tsv_put_fixed(f, a->monetary, NUM_MONEY_DECIMALS);
	fprintf(f, "\t%d\t%d\t%d\t%d%d%d\t", a->r, a->f, a->m, a->r, a->f,
	        a->m);
	tsv_put_str(f, label);
	putc('\n', f);
}

void
rfm_scores(const struct rfm *r, size_t i, int *rs, int *fs, int *ms)
{
	*rs = r->acc[i].r;
	*fs = r->acc[i].f;
	*ms = r->acc[i].m;
}

double
rfm_monetary(const struct rfm *r, size_t i)
{
	return r->acc[i].monetary;
}

void
rfm_free(struct rfm *r)
{
	if (r == NULL)
		return;
	strmap_free(r->ids);
	free(r->acc);
	free(r);
}
