/*
 * gen-crm - deterministic synthetic CRM data for rmkit's examples, tests
 * and benchmarks.
 *
 *	gen-crm demo DIR                          the messy demo exports
 *	gen-crm events --accounts N --events M    canonical event stream
 *	gen-crm mrr --accounts N --events M       mrr events only
 *	gen-crm orders --customers N --orders M   order events (RFM)
 *	gen-crm accounts --rows N                 an account table
 *	gen-crm csv --bytes N                     opportunity CSV
 *
 * Everything is a function of --seed: the random numbers come from a
 * splitmix64 generator written here, each account draws from its own
 * stream (so the data do not depend on output order), and there is no
 * floating point at all: amounts are integers (cents), probabilities
 * integer percentages or per-mille.  The same seed gives the same bytes on
 * every machine.
 *
 * Big modes write through one large buffer.  events, mrr and orders build
 * compact 16-byte records in memory and emit them ordered by date (or by
 * account and date with --sorted) using counting sorts, so memory is about
 * 24 bytes per event.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "date.h"
#include "error.h"
#include "output.h"
#include "xalloc.h"

/* ---------------------------------------------------------------- random */

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A generator for stream (e.g. a mode or a file) and item (an account). */
static struct rng
rng_for(uint64_t seed, uint64_t stream, uint64_t item)
{
	struct rng r;

	r.s = seed * 0xd1342543de82ef95ULL + stream * 0x9e3779b97f4a7c15ULL;
	r.s ^= item * 0xbf58476d1ce4e5b9ULL;
	rng_next(&r);
	return r;
}

/* A uniform number in [0, n), n < 2^32. */
static uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A uniform number in [lo, hi]. */
static int
between(struct rng *r, int lo, int hi)
{
	return lo + (int)below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability pct percent. */
static int
chance(struct rng *r, int pct)
{
	return (int)below(r, 100) < pct;
}

/* Index drawn from weights w[0..n-1] (sum > 0). */
static int
pick(struct rng *r, const int *w, int n)
{
	int i, sum = 0, x;

	for (i = 0; i < n; i++)
		sum += w[i];
	x = (int)below(r, (uint32_t)sum);
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---------------------------------------------------------------- output */

#define OUTBUF_SIZE (1 << 20)

static FILE *out_fp;
static char *out_buf;
static size_t out_len;
static uint64_t out_flushed; /* bytes already handed to stdio */

static void
out_flush(void)
{
	if (out_len && fwrite(out_buf, 1, out_len, out_fp) != out_len)
		die_errno(EXIT_SYSTEM, "cannot write output");
	out_flushed += out_len;
	out_len = 0;
}

static void
out_begin(const char *path)
{
	out_fp = output_open(path);
	if (!out_buf)
		out_buf = xmalloc(OUTBUF_SIZE);
	out_len = 0;
	out_flushed = 0;
}

static void
out_end(void)
{
	out_flush();
	output_close(out_fp);
	out_fp = NULL;
}

static void
need(size_t n)
{
	if (out_len + n > OUTBUF_SIZE)
		out_flush();
}

static void
put_mem(const char *s, size_t n)
{
	if (n > OUTBUF_SIZE / 2) {
		out_flush();
		if (fwrite(s, 1, n, out_fp) != n)
			die_errno(EXIT_SYSTEM, "cannot write output");
		out_flushed += n;
		return;
	}
	need(n);
	memcpy(out_buf + out_len, s, n);
	out_len += n;
}

static void
put_str(const char *s)
{
	put_mem(s, strlen(s));
}

static void
put_ch(char c)
{
	need(1);
	out_buf[out_len++] = c;
}

/* v in decimal, zero-padded to width digits. */
static void
put_uint_w(uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	need((size_t)n);
	while (n)
		out_buf[out_len++] = tmp[--n];
}

static void
put_uint(uint64_t v)
{
	put_uint_w(v, 1);
}

static void
put_int(int64_t v)
{
	if (v < 0) {
		put_ch('-');
		put_uint((uint64_t)-v);
	} else {
		put_uint((uint64_t)v);
	}
}

/* An amount in cents as "1234.50". */
static void
put_cents(int64_t c)
{
	if (c < 0) {
		put_ch('-');
		c = -c;
	}
	put_uint((uint64_t)c / 100);
	put_ch('.');
	put_uint_w((uint64_t)c % 100, 2);
}

/* An amount in cents as "$1,234.50" (with thousands separators). */
static void
put_dollars(int64_t c)
{
	char tmp[32];
	uint64_t whole;
	int n = 0, digits = 0;

	if (c < 0) {
		put_ch('-');
		c = -c;
	}
	whole = (uint64_t)c / 100;
	do {
		if (digits && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + whole % 10);
		whole /= 10;
		digits++;
	} while (whole);
	tmp[n++] = '$';
	need((size_t)n);
	while (n)
		out_buf[out_len++] = tmp[--n];
	put_ch('.');
	put_uint_w((uint64_t)c % 100, 2);
}

/* ----------------------------------------------------------------- dates */

static int
ymd(int y, int m, int d)
{
	int day;

	if (date_from_ymd(y, m, d, &day) != 0)
		die(EXIT_SYSTEM, "internal error: bad date %d-%d-%d", y, m, d);
	return day;
}

/* Dates of the window [date_lo, date_hi], preformatted. */
static int date_lo, date_hi;
static char (*iso_tab)[DATE_BUFSIZE];

static void
dates_init(int lo, int hi)
{
	int d;

	date_lo = lo;
	date_hi = hi;
	free(iso_tab);
	iso_tab = xmalloc((size_t)(hi - lo + 1) * sizeof(*iso_tab));
	for (d = lo; d <= hi; d++)
		date_format(d, iso_tab[d - lo]);
}

/* day as YYYY-MM-DD */
static void
put_iso(int day)
{
	if (day >= date_lo && day <= date_hi) {
		put_mem(iso_tab[day - date_lo], 10);
	} else {
		char buf[DATE_BUFSIZE];

		date_format(day, buf);
		put_mem(buf, 10);
	}
}

/* day as M/D/YYYY (US) */
static void
put_mdy(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	put_uint((uint64_t)m);
	put_ch('/');
	put_uint((uint64_t)d);
	put_ch('/');
	put_uint((uint64_t)y);
}

/* The first day of the month that is months before the month after hi. */
static int
months_back(int hi, int months)
{
	int y, m, d, idx;

	date_to_ymd(hi, &y, &m, &d);
	idx = y * 12 + (m - 1) + 1 - months;
	return ymd(idx / 12, idx % 12 + 1, 1);
}

/* ----------------------------------------------------------------- names */

static const char *const owners[] = {
    "Maria Lopez",  "James Chen",     "Priya Natarajan", "Tom Becker",
    "Aisha Okafor", "Lukas Novak",    "Emma Svensson",   "Daniel Kim",
    "Sofia Rossi",  "Omar Haddad",    "Grace Mwangi",    "Henrik Larsen",
    "Yuki Tanaka",  "Carlos Mendes",  "Nora Fischer",    "Ravi Kapoor",
    "Chloe Martin", "Ivan Petrov",    "Leila Farahani",  "Ben Walsh",
    "Ana Silva",    "Marek Kowalski", "Zoe Clarke",      "Samuel Adeyemi",
};
#define N_OWNERS (sizeof(owners) / sizeof(owners[0]))
#define DEMO_OWNERS 8

static const char *const name_head[] = {
    "Nor",  "Vel", "Ard",   "Cal",  "Bright", "Sil",  "Quant", "Hal",
    "Mer",  "Tor", "Lum",   "Ox",   "Pine",   "Red",  "Blue",  "Stone",
    "Iron", "Sun", "North", "West", "Cedar",  "Lake", "Pol",   "Zen",
    "Kin",  "Alt", "Ever",  "Gran", "Vista",  "Nova", "Crest", "Fair",
};
static const char *const name_tail[] = {
    "vex", "ora",   "ium",   "field", "wave", "path",  "core", "link",
    "ton", "ridge", "works", "line",  "gate", "stack", "view", "leaf",
};
static const char *const name_trade[] = {
    "Logistics", "Health",    "Foods",     "Analytics", "Systems",
    "Retail",    "Energy",    "Finance",   "Media",     "Labs",
    "Clinics",   "Freight",   "Software",  "Partners",  "Manufacturing",
    "Outdoors",  "Insurance", "Education", "Robotics",  "Textiles",
};
static const char *const name_legal[] = {"Inc.", "Ltd", "GmbH", "LLC",
                                         "S.A.", "AG",  "Co.",  "plc"};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * A company name for item i, the same for a given seed; with comma the
 * legal form is set off by a comma ("Norvex Foods, Inc.").
 */
static void
company_name(uint64_t seed, uint64_t i, int comma, char *buf, size_t size)
{
	struct rng r = rng_for(seed, 77, i);
	const char *h = name_head[below(&r, NELEM(name_head))];
	const char *t = name_tail[below(&r, NELEM(name_tail))];
	const char *w = name_trade[below(&r, NELEM(name_trade))];
	const char *l = name_legal[below(&r, NELEM(name_legal))];

	(void)snprintf(buf, size, "%s%s %s%s %s", h, t, w, comma ? "," : "", l);
}

static const char *const segments[] = {"SMB", "Mid-Market", "Enterprise"};
static const char *const industries[] = {
    "Software",      "Healthcare",  "Retail",    "Financial Services",
    "Manufacturing", "Logistics",   "Education", "Media",
    "Energy",        "Hospitality",
};
static const char *const regions[] = {"North America", "EMEA", "APAC", "LATAM"};
/* Countries for the demo, with a weight each. */
static const char *const countries[] = {
    "United States", "Canada", "United Kingdom", "Germany",   "France",
    "Netherlands",   "Japan",  "Australia",      "Singapore", "Brazil",
};
static const int country_w[] = {40, 8, 12, 10, 6, 4, 6, 6, 3, 5};

/* ---------------------------------------------------------------- events */

enum etype {
	E_MRR,
	E_ORDER,
	E_USAGE,
	E_TOUCH,
	E_TICKET,
	E_TICKET_CLOSED,
	E_INVOICE,
	E_PAYMENT,
	E_NPS,
	E_CSAT,
	E_OPPORTUNITY,
	E_WON,
	E_LOST,
	E_RENEWAL_DUE,
	E_RENEWED,
	E_MILESTONE,
	E_DELIVERY,
	E_SLA,
	E_ESCALATION,
	E_ESCALATION_CLOSED,
	E_NTYPES
};

enum vfmt { V_NONE, V_INT, V_CENTS };

static const struct {
	const char *name;
	enum vfmt value;
	const char *ref; /* prefix of the reference, NULL when none */
} etypes[E_NTYPES] = {
    [E_MRR] = {"mrr", V_INT, "sub_"},
    [E_ORDER] = {"order", V_CENTS, "ORD"},
    [E_USAGE] = {"usage", V_INT, NULL},
    [E_TOUCH] = {"touch", V_NONE, NULL},
    [E_TICKET] = {"ticket", V_INT, "T"},
    [E_TICKET_CLOSED] = {"ticket_closed", V_NONE, "T"},
    [E_INVOICE] = {"invoice", V_CENTS, "in_"},
    [E_PAYMENT] = {"payment", V_CENTS, "in_"},
    [E_NPS] = {"nps", V_INT, NULL},
    [E_CSAT] = {"csat", V_INT, NULL},
    [E_OPPORTUNITY] = {"opportunity", V_CENTS, "OPP"},
    [E_WON] = {"won", V_CENTS, "OPP"},
    [E_LOST] = {"lost", V_CENTS, "OPP"},
    [E_RENEWAL_DUE] = {"renewal_due", V_CENTS, "CT"},
    [E_RENEWED] = {"renewed", V_CENTS, "CT"},
    [E_MILESTONE] = {"milestone", V_NONE, NULL},
    [E_DELIVERY] = {"delivery", V_INT, "PO"},
    [E_SLA] = {"sla", V_INT, NULL},
    [E_ESCALATION] = {"escalation", V_INT, "E"},
    [E_ESCALATION_CLOSED] = {"escalation_closed", V_INT, "E"},
};

/* Every kind, indexed by the kind byte of a record (0 = none). */
enum {
	K_NONE,
	K_STARTER,
	K_GROWTH,
	K_ENTERPRISE,
	K_ADDON,
	K_LOGINS,
	K_ACTIVE_USERS,
	K_API_CALLS,
	K_CALL,
	K_MEETING,
	K_EMAIL,
	K_QBR,
	K_VISIT,
	K_NEW,
	K_UPSELL,
	K_CROSS_SELL,
	K_RENEWAL,
	K_ONBOARDED,
	K_FIRST_VALUE,
	K_GO_LIVE,
	K_RESPONSE_TIME,
	K_RESOLUTION_TIME,
	K_UPTIME,
	K_NKINDS
};

static const char *const kinds[K_NKINDS] = {
    "",
    "starter",
    "growth",
    "enterprise",
    "addon",
    "logins",
    "active_users",
    "api_calls",
    "call",
    "meeting",
    "email",
    "qbr",
    "visit",
    "new",
    "upsell",
    "cross-sell",
    "renewal",
    "onboarded",
    "first_value",
    "go_live",
    "response_time",
    "resolution_time",
    "uptime",
};

/* One event in memory: 16 bytes. */
struct ev {
	uint32_t acct;
	uint32_t ref;
	int32_t value;
	uint16_t day; /* days since date_lo */
	uint8_t type;
	uint8_t kind;
};

struct evbuf {
	struct ev *v;
	size_t n, cap;
};

static void
ev_add(struct evbuf *b, uint32_t acct, int day, int type, int32_t value,
       uint32_t ref, int kind)
{
	struct ev *e;

	if (day < date_lo)
		day = date_lo;
	if (day > date_hi)
		day = date_hi;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4096;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
	}
	e = &b->v[b->n++];
	e->acct = acct;
	e->ref = ref;
	e->value = value;
	e->day = (uint16_t)(day - date_lo);
	e->type = (uint8_t)type;
	e->kind = (uint8_t)kind;
}

/*
 * The order in which to print b: by day, or by account then day when
 * sorted is set (stable counting sorts, so ties keep generation order).
 */
static uint32_t *
ev_order(const struct evbuf *b, uint32_t naccts, int sorted)
{
	size_t ndays = (size_t)(date_hi - date_lo) + 1, i, nkeys;
	uint32_t *idx = xmalloc(b->n * sizeof(*idx));
	uint32_t *tmp = xmalloc(b->n * sizeof(*tmp));
	size_t *count;
	uint32_t *t;
	int pass;

	for (i = 0; i < b->n; i++)
		tmp[i] = (uint32_t)i;
	for (pass = 0; pass < (sorted ? 2 : 1); pass++) {
		nkeys = pass == 0 ? ndays : naccts;
		count = xcalloc(nkeys + 1, sizeof(*count));
		for (i = 0; i < b->n; i++) {
			const struct ev *e = &b->v[tmp[i]];

			count[(pass == 0 ? e->day : e->acct) + 1]++;
		}
		for (i = 1; i <= nkeys; i++)
			count[i] += count[i - 1];
		for (i = 0; i < b->n; i++) {
			const struct ev *e = &b->v[tmp[i]];

			idx[count[pass == 0 ? e->day : e->acct]++] = tmp[i];
		}
		free(count);
		t = idx;
		idx = tmp;
		tmp = t;
	}
	free(idx);
	return tmp;
}

static int
id_width(uint64_t n)
{
	int w = 1;

	for (n = n > 0 ? n - 1 : 0; n >= 10; n /= 10)
		w++;
	return w < 4 ? 4 : w;
}

/* Print b as an event stream; accounts are prefix + width digits. */
static void
ev_print(const struct evbuf *b, uint32_t naccts, int sorted, char prefix)
{
	uint32_t *order = ev_order(b, naccts, sorted);
	int width = id_width(naccts);
	size_t i;

	put_str("account\tdate\ttype\tvalue\tref\tkind\n");
	for (i = 0; i < b->n; i++) {
		const struct ev *e = &b->v[order[i]];

		put_ch(prefix);
		put_uint_w(e->acct, width);
		put_ch('\t');
		put_mem(iso_tab[e->day], 10);
		put_ch('\t');
		put_str(etypes[e->type].name);
		put_ch('\t');
		if (etypes[e->type].value == V_INT)
			put_int(e->value);
		else if (etypes[e->type].value == V_CENTS)
			put_cents(e->value);
		put_ch('\t');
		if (etypes[e->type].ref) {
			put_str(etypes[e->type].ref);
			put_uint(e->ref);
		}
		put_ch('\t');
		put_str(kinds[e->kind]);
		put_ch('\n');
	}
	free(order);
}

/*
 * Split total items over n accounts in proportion to weights w (exactly:
 * the counts add up to total).  Returns the array of counts.
 */
static uint32_t *
split_counts(const uint8_t *w, uint32_t n, uint64_t total)
{
	uint32_t *k = xmalloc((size_t)n * sizeof(*k));
	uint64_t sum = 0, cum = 0, prev = 0, next;
	uint32_t i;

	for (i = 0; i < n; i++)
		sum += w[i];
	for (i = 0; i < n; i++) {
		cum += w[i];
		next = sum ? total * cum / sum : 0;
		k[i] = (uint32_t)(next - prev);
		prev = next;
	}
	return k;
}

/* ------------------------------------------------ the big account model */

/* What an account looks like, drawn from its own random stream. */
struct acct {
	int segment;  /* 0 SMB, 1 Mid-Market, 2 Enterprise */
	int health;   /* 0..99, latent */
	int churns;   /* leaves inside the window */
	int start;    /* first day as a customer (day number) */
	int end;      /* last day (churn) or date_hi */
	int mrr;      /* base monthly recurring revenue, dollars */
	int activity; /* relative number of events */
};

static void
acct_draw(struct rng *r, struct acct *a)
{
	int u = (int)below(r, 100), span = date_hi - date_lo;

	a->segment = u < 60 ? 0 : u < 90 ? 1 : 2;
	a->health = (int)below(r, 100);
	a->churns = a->health < 30 && chance(r, 65);
	a->start = chance(r, 45)
	               ? date_lo
	               : date_lo + (int)below(r, (uint32_t)(span * 3 / 4));
	switch (a->segment) {
	case 0:
		a->mrr = between(r, 5, 50) * 10;
		a->activity = between(r, 1, 3);
		break;
	case 1:
		a->mrr = between(r, 10, 60) * 50;
		a->activity = between(r, 3, 8);
		break;
	default:
		a->mrr = between(r, 6, 40) * 500;
		a->activity = between(r, 8, 20);
		break;
	}
	a->end = date_hi;
	if (a->churns) {
		int room = date_hi - a->start - 60;

		if (room > 30)
			a->end = a->start + 60 + (int)below(r, (uint32_t)room);
		else
			a->churns = 0;
	}
}

static uint32_t next_ref = 1000;

/* Keep a changed MRR within [base / 4, base * 4] (and at least 10). */
static int32_t
clamp_mrr(int32_t mrr, int32_t base)
{
	if (mrr > base * 4)
		mrr = base * 4;
	if (mrr < base / 4)
		mrr = base / 4 / 10 * 10;
	return mrr < 10 ? 10 : mrr;
}

/* Plan of an account's main subscription. */
static int
plan_kind(const struct acct *a)
{
	return K_STARTER + a->segment;
}

/* A day in [lo, hi]. */
static int
day_in(struct rng *r, int lo, int hi)
{
	return hi <= lo ? lo : between(r, lo, hi);
}

/* Usage on day, falling off in the 90 days before a churn. */
static int32_t
usage_value(struct rng *r, const struct acct *a, int day, int kind)
{
	int64_t base = (int64_t)(a->segment == 0   ? 20
	                         : a->segment == 1 ? 120
	                                           : 900);
	int64_t v;

	if (kind == K_API_CALLS)
		base *= 40;
	else if (kind == K_ACTIVE_USERS)
		base /= 3;
	v = base * (50 + a->health) / 100 * between(r, 70, 130) / 100;
	if (a->churns && day > a->end - 90)
		v = v * (a->end - day) / 90;
	return (int32_t)(v < 0 ? 0 : v);
}

static const int mix_healthy[] = {
    [E_MRR] = 40,         [E_ORDER] = 40,
    [E_USAGE] = 380,      [E_TOUCH] = 110,
    [E_TICKET] = 50,      [E_TICKET_CLOSED] = 0,
    [E_INVOICE] = 90,     [E_PAYMENT] = 0,
    [E_NPS] = 20,         [E_CSAT] = 25,
    [E_OPPORTUNITY] = 35, [E_WON] = 0,
    [E_LOST] = 0,         [E_RENEWAL_DUE] = 15,
    [E_RENEWED] = 0,      [E_MILESTONE] = 5,
    [E_DELIVERY] = 15,    [E_SLA] = 12,
    [E_ESCALATION] = 2,   [E_ESCALATION_CLOSED] = 0,
};
static const int mix_unhealthy[] = {
    [E_MRR] = 40,         [E_ORDER] = 25,
    [E_USAGE] = 300,      [E_TOUCH] = 80,
    [E_TICKET] = 140,     [E_TICKET_CLOSED] = 0,
    [E_INVOICE] = 90,     [E_PAYMENT] = 0,
    [E_NPS] = 20,         [E_CSAT] = 25,
    [E_OPPORTUNITY] = 15, [E_WON] = 0,
    [E_LOST] = 0,         [E_RENEWAL_DUE] = 15,
    [E_RENEWED] = 0,      [E_MILESTONE] = 5,
    [E_DELIVERY] = 15,    [E_SLA] = 15,
    [E_ESCALATION] = 10,  [E_ESCALATION_CLOSED] = 0,
};

/* Severity 1 (critical) .. 4 (low), worse for unhealthy accounts. */
static int
severity(struct rng *r, const struct acct *a)
{
	static const int good[] = {3, 12, 50, 35}, bad[] = {15, 30, 40, 15};

	return 1 + pick(r, a->health < 40 ? bad : good, 4);
}

/*
 * Generate k events for account id with model a into b.  Pairs (ticket
 * and its closing, invoice and payment ...) count as two.
 */
static void
gen_account_events(struct rng *r, uint32_t id, const struct acct *a, uint32_t k,
                   struct evbuf *b)
{
	const int *mix = a->health < 40 ? mix_unhealthy : mix_healthy;
	uint32_t sub = next_ref++;
	int32_t mrr = a->mrr;
	int d, d2, t, kind;
	uint32_t ref;
	int32_t v;

	if (k == 0)
		return;
	ev_add(b, id, a->start, E_MRR, mrr, sub, plan_kind(a));
	k--;
	if (a->churns && k > 0) {
		ev_add(b, id, a->end, E_MRR, 0, sub, plan_kind(a));
		k--;
	}
	while (k > 0) {
		t = pick(r, mix, E_NTYPES);
		d = day_in(r, a->start, a->end);
		ref = next_ref++;
		switch (t) {
		case E_MRR:
			mrr = mrr * between(r, 80, 130) / 100 / 10 * 10;
			mrr = clamp_mrr(mrr, a->mrr);
			ev_add(b, id, d, E_MRR, mrr, sub, plan_kind(a));
			break;
		case E_ORDER:
			ev_add(b, id, d, E_ORDER, between(r, 1000, 250000), ref,
			       K_NONE);
			break;
		case E_USAGE:
			kind = K_LOGINS + (int)below(r, 3);
			ev_add(b, id, d, E_USAGE, usage_value(r, a, d, kind), 0,
			       kind);
			break;
		case E_TOUCH: {
			static const int w[] = {30, 20, 40, 4, 6};

			ev_add(b, id, d, E_TOUCH, 0, 0, K_CALL + pick(r, w, 5));
			break;
		}
		case E_TICKET:
			ev_add(b, id, d, E_TICKET, severity(r, a), ref, K_NONE);
			if (k >= 2 && chance(r, 92)) {
				d2 = d + (int)below(r, a->health < 40 ? 30 : 8);
				ev_add(b, id, d2, E_TICKET_CLOSED, 0, ref,
				       K_NONE);
				k--;
			}
			break;
		case E_INVOICE:
			v = mrr * 100;
			ev_add(b, id, d, E_INVOICE, v, ref, K_NONE);
			if (k >= 2 && (a->health >= 20 || chance(r, 80))) {
				d2 = a->health >= 50 ? d - between(r, 0, 10)
				                     : d + between(r, -5, 60);
				ev_add(b, id, d2, E_PAYMENT, v, ref, K_NONE);
				k--;
			}
			break;
		case E_NPS:
			v = a->health / 10 + between(r, -2, 2);
			ev_add(b, id, d, E_NPS,
			       v < 0    ? 0
			       : v > 10 ? 10
			                : v,
			       0, K_NONE);
			break;
		case E_CSAT:
			v = 1 + a->health / 20 + between(r, -1, 1);
			ev_add(b, id, d, E_CSAT,
			       v < 1   ? 1
			       : v > 5 ? 5
			               : v,
			       0, K_NONE);
			break;
		case E_OPPORTUNITY: {
			static const int w[] = {20, 40, 20, 20};

			v = mrr * between(r, 3, 12) * 100;
			ev_add(b, id, d, E_OPPORTUNITY, v, ref,
			       K_NEW + pick(r, w, 4));
			if (k >= 2 && chance(r, 75)) {
				d2 = d + between(r, 10, 120);
				ev_add(b, id, d2,
				       chance(r, 30 + a->health / 2) ? E_WON
				                                     : E_LOST,
				       v, ref, K_NONE);
				k--;
			}
			break;
		}
		case E_RENEWAL_DUE:
			v = mrr * 1200;
			ev_add(b, id, d, E_RENEWAL_DUE, v, ref, K_NONE);
			if (k >= 2 && !(a->churns && d > a->end - 120)) {
				ev_add(b, id, d + between(r, -45, 20),
				       E_RENEWED,
				       (int32_t)((int64_t)v *
				                 between(r, 95, 115) / 100),
				       ref, K_NONE);
				k--;
			}
			break;
		case E_MILESTONE:
			kind = K_ONBOARDED + (int)below(r, 3);
			ev_add(b, id,
			       a->start + 10 + (kind - K_ONBOARDED) * 30 +
			           (int)below(r, 20),
			       E_MILESTONE, 0, 0, kind);
			break;
		case E_DELIVERY:
			v = a->health < 40 ? between(r, -2, 20)
			                   : between(r, -5, 3);
			ev_add(b, id, d, E_DELIVERY, v, ref, K_NONE);
			break;
		case E_SLA:
			ev_add(b, id, d, E_SLA, chance(r, 50 + a->health / 2),
			       0, K_RESPONSE_TIME + (int)below(r, 3));
			break;
		case E_ESCALATION:
			v = between(r, 1, 3);
			ev_add(b, id, d, E_ESCALATION, v, ref, K_NONE);
			if (k >= 2 && chance(r, 85)) {
				ev_add(b, id, d + between(r, 1, 40),
				       E_ESCALATION_CLOSED, v, ref, K_NONE);
				k--;
			}
			break;
		}
		k--;
	}
}

/* ------------------------------------------------------------ big modes */

struct opts {
	uint64_t seed;
	uint64_t accounts, events, rows, bytes;
	int months;
	int sorted;
	const char *output;
};

static void
mode_events(const struct opts *o)
{
	uint32_t n = (uint32_t)o->accounts, i, *k;
	uint8_t *w = xmalloc(n ? n : 1);
	struct acct *a = xmalloc((size_t)(n ? n : 1) * sizeof(*a));
	struct evbuf b = {NULL, 0, 0};
	struct rng r;

	dates_init(months_back(ymd(2024, 12, 31), o->months),
	           ymd(2024, 12, 31));
	for (i = 0; i < n; i++) {
		r = rng_for(o->seed, 1, i);
		acct_draw(&r, &a[i]);
		w[i] = (uint8_t)a[i].activity;
	}
	k = split_counts(w, n, o->events);
	for (i = 0; i < n; i++) {
		r = rng_for(o->seed, 2, i);
		gen_account_events(&r, i, &a[i], k[i], &b);
	}
	out_begin(o->output);
	ev_print(&b, n, o->sorted, 'A');
	out_end();
	free(b.v);
	free(k);
	free(a);
	free(w);
}

/* Sort a small array of days (insertion sort). */
static void
sort_days(int *d, uint32_t n)
{
	uint32_t i, j;
	int x;

	for (i = 1; i < n; i++) {
		x = d[i];
		for (j = i; j > 0 && d[j - 1] > x; j--)
			d[j] = d[j - 1];
		d[j] = x;
	}
}

/*
 * One account's subscription history: a new subscription, then
 * expansions, contractions, cancellations (value 0) and reactivations,
 * sometimes an add-on subscription.
 */
static void
gen_mrr_history(struct rng *r, uint32_t id, const struct acct *a, uint32_t k,
                struct evbuf *b, int **days, uint32_t *dcap)
{
	uint32_t sub = next_ref++, addon = 0, j;
	int32_t mrr = a->mrr, addon_mrr = 0;
	int active = 1, cancel_pct = a->health < 30   ? 25
	                             : a->health < 60 ? 8
	                                              : 3;

	if (k == 0)
		return;
	if (k > *dcap) {
		*dcap = k * 2;
		*days = xrealloc(*days, *dcap * sizeof(**days));
	}
	for (j = 0; j < k; j++)
		(*days)[j] = day_in(r, a->start, date_hi);
	sort_days(*days, k);
	(*days)[0] = a->start;
	ev_add(b, id, a->start, E_MRR, mrr, sub, plan_kind(a));
	for (j = 1; j < k; j++) {
		int d = (*days)[j];

		if (!active) {
			/* a reactivation, usually smaller than before */
			mrr = a->mrr * between(r, 50, 110) / 100 / 10 * 10;
			mrr = mrr < 10 ? 10 : mrr;
			active = 1;
			ev_add(b, id, d, E_MRR, mrr, sub, plan_kind(a));
		} else if (chance(r, cancel_pct) || (j == k - 1 && a->churns)) {
			active = 0;
			ev_add(b, id, d, E_MRR, 0, sub, plan_kind(a));
		} else if (!addon && chance(r, 15)) {
			addon = next_ref++;
			addon_mrr =
			    between(r, 1, 20) * 10 * (1 + a->segment * 4);
			ev_add(b, id, d, E_MRR, addon_mrr, addon, K_ADDON);
		} else if (addon && addon_mrr && chance(r, 20)) {
			addon_mrr = chance(r, 50) || addon_mrr > a->mrr
			                ? 0
			                : addon_mrr * 2;
			ev_add(b, id, d, E_MRR, addon_mrr, addon, K_ADDON);
		} else {
			int pct = chance(r, a->health < 40 ? 55 : 25)
			              ? between(r, 60, 95)
			              : between(r, 105, 150);

			mrr = clamp_mrr(mrr * pct / 100 / 10 * 10, a->mrr);
			ev_add(b, id, d, E_MRR, mrr, sub, plan_kind(a));
		}
	}
}

static void
mode_mrr(const struct opts *o)
{
	uint32_t n = (uint32_t)o->accounts, i, *k, dcap = 0;
	uint8_t *w = xmalloc(n ? n : 1);
	struct acct a;
	struct evbuf b = {NULL, 0, 0};
	struct rng r;
	int *days = NULL;

	dates_init(months_back(ymd(2024, 12, 31), o->months),
	           ymd(2024, 12, 31));
	for (i = 0; i < n; i++) {
		r = rng_for(o->seed, 3, i);
		w[i] = (uint8_t)between(&r, 1, 4);
	}
	k = split_counts(w, n, o->events);
	for (i = 0; i < n; i++) {
		r = rng_for(o->seed, 4, i);
		acct_draw(&r, &a);
		gen_mrr_history(&r, i, &a, k[i], &b, &days, &dcap);
	}
	out_begin(o->output);
	ev_print(&b, n, o->sorted, 'A');
	out_end();
	free(days);
	free(b.v);
	free(k);
	free(w);
}

/*
 * Orders: a few heavy buyers, many occasional ones; each customer buys
 * between a first day and a day after which they lapse.
 */
static void
mode_orders(const struct opts *o)
{
	uint32_t n = (uint32_t)o->accounts, i, j, *k;
	uint8_t *w = xmalloc(n ? n : 1);
	struct evbuf b = {NULL, 0, 0};
	struct rng r;
	size_t e;

	dates_init(months_back(ymd(2024, 12, 31), o->months),
	           ymd(2024, 12, 31));
	for (i = 0; i < n; i++) {
		int u;

		r = rng_for(o->seed, 5, i);
		u = (int)below(&r, 100);
		w[i] = (uint8_t)(u < 88   ? between(&r, 1, 4)
		                 : u < 98 ? between(&r, 5, 30)
		                          : between(&r, 40, 250));
	}
	k = split_counts(w, n, o->events);
	for (i = 0; i < n; i++) {
		int first, last, span = date_hi - date_lo;
		int32_t mean;

		r = rng_for(o->seed, 6, i);
		first = date_lo + (int)below(&r, (uint32_t)span);
		last = chance(&r, 40)
		           ? date_hi
		           : first + (int)below(
		                         &r, (uint32_t)(date_hi - first + 1));
		mean = between(&r, 15, 400) * 100;
		for (j = 0; j < k[i]; j++) {
			int d = j == 0 ? first : day_in(&r, first, last);

			ev_add(&b, i, d, E_ORDER,
			       mean * between(&r, 40, 160) / 100 +
			           between(&r, 0, 99),
			       0, K_NONE);
		}
	}
	/* order ids follow the date order of the output */
	{
		uint32_t *ord = ev_order(&b, n, 0);

		for (e = 0; e < b.n; e++)
			b.v[ord[e]].ref = (uint32_t)(e + 1);
		free(ord);
	}
	out_begin(o->output);
	ev_print(&b, n, o->sorted, 'C');
	out_end();
	free(b.v);
	free(k);
	free(w);
}

static const char *
band_of(int health)
{
	return health >= 70 ? "green" : health >= 40 ? "yellow" : "red";
}

static const char *
tier_of(int64_t arr)
{
	return arr >= 100000 ? "Gold" : arr >= 20000 ? "Silver" : "Bronze";
}

/* Whole months from start to as_of. */
static int
months_between(int start, int as_of)
{
	int y1, m1, d1, y2, m2, d2, n;

	date_to_ymd(start, &y1, &m1, &d1);
	date_to_ymd(as_of, &y2, &m2, &d2);
	n = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1);
	return n < 0 ? 0 : n;
}

static void
mode_accounts(const struct opts *o)
{
	int as_of = ymd(2024, 12, 31), width = id_width(o->rows);
	uint64_t i;
	char name[128];

	dates_init(ymd(2014, 1, 1), ymd(2026, 12, 31));
	out_begin(o->output);
	put_str("account\tname\towner\tsegment\ttier\tindustry\tregion\tstart\t"
	        "renewal\tarr\tmrr\thealth\tband\ttenure_months\n");
	for (i = 0; i < o->rows; i++) {
		struct rng r = rng_for(o->seed, 7, i);
		int seg, health, start, renewal, sy, sm, sd;
		int64_t mrr;

		seg = pick(&r, (const int[]){60, 30, 10}, 3);
		health = (int)below(&r, 101);
		mrr = seg == 0   ? between(&r, 5, 50) * 1000
		      : seg == 1 ? between(&r, 10, 60) * 5000
		                 : between(&r, 6, 40) * 50000;
		mrr += between(&r, 0, 99);
		start = as_of - (int)below(&r, 3650);
		date_to_ymd(start, &sy, &sm, &sd);
		/* the next anniversary after as_of */
		renewal = ymd(2025, sm, sm == 2 && sd == 29 ? 28 : sd);
		if (renewal - 365 > as_of)
			renewal -= 365;
		company_name(o->seed, i, 0, name, sizeof(name));
		put_ch('A');
		put_uint_w(i, width);
		put_ch('\t');
		put_str(name);
		put_ch('\t');
		put_str(owners[below(&r, N_OWNERS)]);
		put_ch('\t');
		put_str(segments[seg]);
		put_ch('\t');
		put_str(tier_of(mrr * 12 / 100));
		put_ch('\t');
		put_str(industries[below(&r, NELEM(industries))]);
		put_ch('\t');
		put_str(regions[pick(&r, (const int[]){50, 30, 15, 5}, 4)]);
		put_ch('\t');
		put_iso(start);
		put_ch('\t');
		put_iso(renewal);
		put_ch('\t');
		put_cents(mrr * 12);
		put_ch('\t');
		put_cents(mrr);
		put_ch('\t');
		put_uint((uint64_t)health);
		put_ch('\t');
		put_str(band_of(health));
		put_ch('\t');
		put_uint((uint64_t)months_between(start, as_of));
		put_ch('\n');
	}
	out_end();
}

/* -------------------------------------------------- Salesforce-like CSV */

static const char *const sf_stages[] = {"Prospecting", "Qualification",
                                        "Proposal",    "Negotiation",
                                        "Closed Won",  "Closed Lost"};
static const char *const sf_types[] = {
    "New Business", "Existing Business - Upgrade",
    "Existing Business - Cross-Sell", "Renewal"};
static const char *const deal_words[] = {
    "Expansion", "Platform", "Pilot",     "Renewal", "Rollout",
    "Seats",     "Add-on",   "Analytics", "Support", "Migration",
};

/* Write s as a CSV field, quoted when it holds a comma, quote or newline. */
static void
put_csv_field(const char *s)
{
	const char *p;

	if (!strpbrk(s, ",\"\n\r")) {
		put_str(s);
		return;
	}
	put_ch('"');
	for (p = s; *p; p++) {
		if (*p == '"')
			put_ch('"');
		put_ch(*p);
	}
	put_ch('"');
}

/*
 * One opportunity row.  Names get ", Inc." style commas, some deal names
 * carry quotes or (rarely) a line break; amounts are "$12,500.00".
 */
static void
put_sf_opportunity(struct rng *r, uint64_t seed, uint64_t row, uint32_t acct,
                   int lo, int hi)
{
	char name[128], deal[192];
	int stage = pick(r, (const int[]){10, 10, 10, 8, 35, 27}, 6);
	int created = day_in(r, lo, hi - 30), closed;
	int64_t amount = (int64_t)between(r, 5, 2000) * 50 * 100;

	if (stage < 4)
		closed = created + between(r, 15, 120); /* expected close */
	else
		closed = created + between(r, 5, 180);
	if (closed > hi)
		closed = hi;
	company_name(seed, acct, acct % 3 == 0, name, sizeof(name));
	switch (below(r, 20)) {
	case 0:
		(void)snprintf(deal, sizeof(deal), "%.40s \"%s\" deal", name,
		               deal_words[below(r, NELEM(deal_words))]);
		break;
	case 1:
		if (chance(r, 5)) {
			(void)snprintf(deal, sizeof(deal),
			               "%.40s - %s\nsee notes", name,
			               deal_words[below(r, NELEM(deal_words))]);
			break;
		}
		/* fall through */
	default:
		(void)snprintf(deal, sizeof(deal), "%.40s - %s %d", name,
		               deal_words[below(r, NELEM(deal_words))],
		               2023 + (int)below(r, 2));
		break;
	}
	put_str("006");
	put_uint_w(row, 12);
	put_ch(',');
	put_ch('A');
	put_uint_w(acct, 6);
	put_ch(',');
	put_csv_field(name);
	put_ch(',');
	put_csv_field(deal);
	put_ch(',');
	put_str(sf_stages[stage]);
	put_ch(',');
	if (amount >= 100000)
		put_ch('"');
	put_dollars(amount);
	if (amount >= 100000)
		put_ch('"');
	put_ch(',');
	put_mdy(created);
	put_ch(',');
	put_mdy(closed);
	put_ch(',');
	put_str(sf_types[pick(r, (const int[]){35, 25, 15, 25}, 4)]);
	put_ch(',');
	put_str(owners[below(r, N_OWNERS)]);
}

static void
mode_csv(const struct opts *o)
{
	uint64_t row = 0;
	uint32_t naccts = 100000;
	int lo = ymd(2022, 1, 1), hi = ymd(2024, 12, 31);
	struct rng r = rng_for(o->seed, 8, 0);
	static const char header[] =
	    "Opportunity ID,Account ID,Account Name,Opportunity Name,"
	    "Stage,Amount,Created Date,Close Date,Type,Opportunity Owner\n";

	out_begin(o->output);
	put_str(header);
	while (out_flushed + out_len < o->bytes) {
		put_sf_opportunity(&r, o->seed, row++, below(&r, naccts), lo,
		                   hi);
		put_ch('\n');
	}
	out_end();
}

/* ------------------------------------------------------------------ main */

static void mode_demo(const struct opts *o, const char *dir);

static const char usage_text[] =
    "Usage: gen-crm MODE [options] [DIR]\n"
    "Write deterministic synthetic CRM data (a function of --seed only).\n"
    "\n"
    "Modes:\n"
    "  demo DIR        the messy demo exports of examples/data into DIR\n"
    "  events          canonical event stream, every event type\n"
    "                  (--accounts, --events, --months 24)\n"
    "  mrr             mrr events only: subscription changes, 0 = cancel\n"
    "                  (--accounts, --events, --months 36)\n"
    "  orders          order events for RFM (--customers, --orders,\n"
    "                  --months 24)\n"
    "  accounts        an account table (--rows)\n"
    "  csv             a Salesforce-like opportunity CSV of at least\n"
    "                  --bytes bytes (quoted fields, $ amounts, M/D/YYYY)\n"
    "\n"
    "Options:\n"
    "  -s, --seed N          random seed (default 1)\n"
    "  -a, --accounts N      number of accounts (default 1000)\n"
    "  -e, --events N        number of events (default 100000)\n"
    "  -c, --customers N     same as --accounts\n"
    "      --orders N        same as --events\n"
    "  -n, --rows N          rows of the account table (default 1000)\n"
    "  -b, --bytes N         CSV size; suffix K, M or G (default 10M)\n"
    "  -m, --months N        months of history ending 2024-12-31\n"
    "      --sorted          events grouped by account (ascending), then\n"
    "                        by date; default: ordered by date\n"
    "  -o, --output FILE     write to FILE (atomically) instead of stdout\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Events ending on 2024-12-31; accounts are A0000.., customers C0000..\n"
    "(zero-padded to the width of the count).  Memory: about 24 bytes per\n"
    "event for events, mrr and orders.\n";

static uint64_t
parse_size(const char *arg, const char *option)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	if (*arg < '0' || *arg > '9')
		usage_error("invalid %s '%s' (want a byte count like 500M)",
		            option, arg);
	v = strtoull(arg, &end, 10);
	if (*end == 'K' || *end == 'k')
		mul = 1ULL << 10, end++;
	else if (*end == 'M' || *end == 'm')
		mul = 1ULL << 20, end++;
	else if (*end == 'G' || *end == 'g')
		mul = 1ULL << 30, end++;
	if (*end || v > (1ULL << 50) / mul)
		usage_error("invalid %s '%s' (want a byte count like 500M)",
		            option, arg);
	return (uint64_t)v * mul;
}

int
main(int argc, char **argv)
{
	enum { OPT_ORDERS = 256, OPT_SORTED };
	static const struct option longopts[] = {
	    {"seed", required_argument, NULL, 's'},
	    {"accounts", required_argument, NULL, 'a'},
	    {"events", required_argument, NULL, 'e'},
	    {"customers", required_argument, NULL, 'c'},
	    {"orders", required_argument, NULL, OPT_ORDERS},
	    {"rows", required_argument, NULL, 'n'},
	    {"bytes", required_argument, NULL, 'b'},
	    {"months", required_argument, NULL, 'm'},
	    {"sorted", no_argument, NULL, OPT_SORTED},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	struct opts o = {1, 1000, 100000, 1000, 10 << 20, 0, 0, NULL};
	const char *mode;
	int c;

	error_init(argv[0]);
	while ((c = getopt_long(argc, argv, "s:a:e:c:n:b:m:o:hV", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case 's':
			o.seed = (uint64_t)cli_parse_long(optarg, "--seed", 0,
			                                  2147483647L);
			break;
		case 'a':
		case 'c':
			o.accounts = (uint64_t)cli_parse_long(
			    optarg, c == 'a' ? "--accounts" : "--customers", 1,
			    50000000L);
			break;
		case 'e':
		case OPT_ORDERS:
			o.events = (uint64_t)cli_parse_long(
			    optarg, c == 'e' ? "--events" : "--orders", 0,
			    1000000000L);
			break;
		case 'n':
			o.rows = (uint64_t)cli_parse_long(optarg, "--rows", 0,
			                                  1000000000L);
			break;
		case 'b':
			o.bytes = parse_size(optarg, "--bytes");
			break;
		case 'm':
			o.months =
			    (int)cli_parse_long(optarg, "--months", 1, 120);
			break;
		case OPT_SORTED:
			o.sorted = 1;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'h':
			cli_help(usage_text);
		case 'V':
			cli_version();
		default:
			usage_error("unknown option");
		}
	}
	if (optind >= argc)
		usage_error("missing MODE (demo, events, mrr, orders, "
		            "accounts, csv)");
	mode = argv[optind++];
	if (strcmp(mode, "demo") == 0) {
		if (optind != argc - 1)
			usage_error("demo wants one directory");
		mode_demo(&o, argv[optind]);
		return 0;
	}
	if (optind != argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (strcmp(mode, "events") == 0) {
		o.months = o.months ? o.months : 24;
		mode_events(&o);
	} else if (strcmp(mode, "mrr") == 0) {
		o.months = o.months ? o.months : 36;
		mode_mrr(&o);
	} else if (strcmp(mode, "orders") == 0) {
		o.months = o.months ? o.months : 24;
		mode_orders(&o);
	} else if (strcmp(mode, "accounts") == 0) {
		mode_accounts(&o);
	} else if (strcmp(mode, "csv") == 0) {
		mode_csv(&o);
	} else {
		usage_error("unknown mode '%s'", mode);
	}
	free(out_buf);
	free(iso_tab);
	return 0;
}

/* ------------------------------------------------------------ demo mode */

/*
 * The demo: D_CUSTOMERS customer accounts (A0001..) and D_SUPPLIERS
 * suppliers (S001..) over 2023-01-01 .. 2024-12-31.  First a model of
 * every account (segment, owner, latent health, subscription history with
 * churn and reactivation), then each export is written from the model
 * with its own random stream, in its system's formats, plus a few bad rows
 * that are listed in bad-rows.tsv.
 */
#define D_CUSTOMERS 280
#define D_SUPPLIERS 20
#define D_MAXCH 48

enum { PLAN_STARTER, PLAN_GROWTH, PLAN_ENTERPRISE, PLAN_ADDON };
static const char *const plan_names[] = {"Starter", "Growth", "Enterprise",
                                         "Add-on"};

struct sub_change {
	int day;
	int sub; /* subscription number */
	int plan;
	int64_t cents; /* MRR from day on; 0 = cancelled */
	int action;    /* what happened (enum action) */
};

enum action {
	ACT_NEW,
	ACT_EXPAND,
	ACT_CONTRACT,
	ACT_ADDON,
	ACT_CHURN,
	ACT_REACT
};

struct dacct {
	char key[16];
	char name[112];
	int owner, segment, industry, country;
	int since;     /* customer since */
	int health;    /* latent health 0..99 */
	int churn_day; /* 0: does not churn */
	int react_day; /* 0: does not come back */
	int64_t base;  /* starting MRR, cents */
	struct sub_change ch[D_MAXCH];
	int nch;
};

static struct dacct demo[D_CUSTOMERS];
static int win_lo, win_hi; /* the two years */
static int demo_sub_no = 1000;

/* Round cents to whole tens of dollars, at least $10. */
static int64_t
round10(int64_t cents)
{
	int64_t v = cents / 1000 * 1000;

	return v < 1000 ? 1000 : v;
}

/* MRR of account a on day (cents), the sum over its subscriptions. */
static int64_t
mrr_at(const struct dacct *a, int day)
{
	int subs[8], n = 0, i, j;
	int64_t val[8], sum = 0;

	for (i = 0; i < a->nch && a->ch[i].day <= day; i++) {
		for (j = 0; j < n && subs[j] != a->ch[i].sub; j++)
			;
		if (j == n && n < 8)
			subs[n++] = a->ch[i].sub;
		if (j < 8)
			val[j] = a->ch[i].cents;
	}
	for (j = 0; j < n; j++)
		sum += val[j];
	return sum;
}

/*
 * Health as the account lives it on day: the latent value, sliding down
 * over the six months before a churn, middling after a reactivation.
 */
static int
health_on(const struct dacct *a, int day)
{
	if (a->react_day && day >= a->react_day)
		return (a->health + 50) / 2; /* a fresh start */
	if (a->churn_day && day >= a->churn_day - 180) {
		int left = a->churn_day - day;

		if (left < 0)
			left = 0;
		return a->health * (left + 20) / 200;
	}
	return a->health;
}

static int
month_first(int m)
{
	return ymd(2023 + m / 12, m % 12 + 1, 1);
}

/* The anniversary of since in year y (28 Feb for 29 Feb). */
static int
anniversary(int since, int y)
{
	int sy, sm, sd;

	date_to_ymd(since, &sy, &sm, &sd);
	if (sm == 2 && sd == 29)
		sd = 28;
	return ymd(y, sm, sd);
}

static void
add_change(struct dacct *a, int day, int action)
{
	if (a->nch < D_MAXCH) {
		a->ch[a->nch].day = day;
		a->ch[a->nch].action = action;
		a->nch++;
	}
}

/* Sort the changes by day (insertion sort: stable, few items). */
static void
sort_changes(struct dacct *a)
{
	int i, j;
	struct sub_change x;

	for (i = 1; i < a->nch; i++) {
		x = a->ch[i];
		for (j = i; j > 0 && a->ch[j - 1].day > x.day; j--)
			a->ch[j] = a->ch[j - 1];
		a->ch[j] = x;
	}
}

/* Give each change its subscription and value, in date order. */
static void
price_changes(struct rng *r, struct dacct *a)
{
	int main_sub = demo_sub_no++, addon_sub = 0, i;
	int64_t cur = 0, addon = 0;
	int plan = a->segment;

	for (i = 0; i < a->nch; i++) {
		struct sub_change *c = &a->ch[i];

		c->sub = main_sub;
		c->plan = plan;
		switch (c->action) {
		case ACT_NEW:
			cur = a->base;
			break;
		case ACT_EXPAND:
			cur = round10(cur * between(r, 110, 150) / 100);
			break;
		case ACT_CONTRACT:
			cur = round10(cur * between(r, 60, 90) / 100);
			break;
		case ACT_ADDON:
			if (addon_sub == 0)
				addon_sub = demo_sub_no++;
			addon = round10(a->base * between(r, 10, 25) / 100);
			c->sub = addon_sub;
			c->plan = PLAN_ADDON;
			c->cents = addon;
			continue;
		case ACT_CHURN:
			cur = 0;
			break;
		case ACT_REACT:
			main_sub = demo_sub_no++;
			c->sub = main_sub;
			cur = round10(a->base * between(r, 60, 100) / 100);
			break;
		}
		c->cents = cur;
		if (c->action == ACT_CHURN && addon) {
			/* the add-on goes with the account */
			if (a->nch < D_MAXCH) {
				memmove(c + 1, c,
				        (size_t)(a->nch - i) * sizeof(*c));
				a->nch++;
				i++;
				a->ch[i].sub = addon_sub;
				a->ch[i].plan = PLAN_ADDON;
				a->ch[i].cents = 0;
				addon = 0;
			}
		}
	}
}

/* Draw one customer account. */
static void
demo_account(uint64_t seed, int i, struct dacct *a)
{
	struct rng r = rng_for(seed, 100, (uint64_t)i);
	int u, m, y, cand[2], nc = 0;
	int has_addon = 0;

	(void)snprintf(a->key, sizeof(a->key), "A%04d", i + 1);
	a->segment = pick(&r, (const int[]){55, 32, 13}, 3);
	/* owners 0-2 carry the large accounts, 3-7 the many small ones */
	a->owner = a->segment == 2   ? (int)below(&r, 3)
	           : a->segment == 1 ? (int)below(&r, 6)
	                             : 2 + (int)below(&r, 6);
	a->industry = (int)below(&r, NELEM(industries));
	a->country = pick(&r, country_w, NELEM(country_w));
	a->health = (int)below(&r, 100);
	if (chance(&r, 55))
		a->since = ymd(2019, 1, 1) +
		           (int)below(&r, (uint32_t)(win_lo - ymd(2019, 1, 1)));
	else
		a->since = win_lo + (int)below(&r, 640);
	a->base = a->segment == 0   ? between(&r, 5, 90) * 1000
	          : a->segment == 1 ? between(&r, 10, 50) * 10000
	                            : between(&r, 5, 30) * 100000;

	/* churn: mostly the unhealthy; contracts end on an anniversary */
	u = (int)below(&r, 100);
	if ((a->health < 30 && u < 65) || (a->health < 50 && u < 15) || u < 3) {
		if (a->segment == 0) {
			int lo = a->since + 90 > ymd(2023, 2, 1)
			             ? a->since + 90
			             : ymd(2023, 2, 1);

			if (lo < ymd(2024, 12, 15))
				a->churn_day =
				    day_in(&r, lo, ymd(2024, 12, 15));
		} else {
			for (y = 2023; y <= 2024; y++) {
				int d = anniversary(a->since, y);

				if (d >= a->since + 300 &&
				    d >= ymd(2023, 3, 1) &&
				    d <= ymd(2024, 12, 15))
					cand[nc++] = d;
			}
			if (nc)
				a->churn_day = cand[below(&r, (uint32_t)nc)];
		}
		if (a->churn_day && chance(&r, 25) &&
		    a->churn_day + 60 < ymd(2024, 12, 1))
			a->react_day =
			    day_in(&r, a->churn_day + 60,
			           a->churn_day + 240 < ymd(2024, 12, 1)
			               ? a->churn_day + 240
			               : ymd(2024, 12, 1));
	}

	add_change(a, a->since, ACT_NEW);
	if (a->churn_day)
		add_change(a, a->churn_day, ACT_CHURN);
	if (a->react_day)
		add_change(a, a->react_day, ACT_REACT);
	for (m = 0; m < 24; m++) {
		int d = month_first(m) + (int)below(&r, 28), h;

		if (d <= a->since + 30 ||
		    (a->churn_day && d >= a->churn_day - 10 &&
		     (!a->react_day || d <= a->react_day + 30)))
			continue;
		h = health_on(a, d);
		u = (int)below(&r, 1000);
		if (u < (h >= 70 ? 45 : h >= 40 ? 25 : 8))
			add_change(a, d, ACT_EXPAND);
		else if (u < 100 + (h < 40 ? 60 : h < 70 ? 15 : 4) && u >= 100)
			add_change(a, d, ACT_CONTRACT);
		else if (u >= 200 && u < 212 && !has_addon &&
		         (!a->churn_day || d < a->churn_day)) {
			add_change(a, d, ACT_ADDON);
			has_addon = 1;
		}
	}
	sort_changes(a);
	price_changes(&r, a);
}

/* A name nobody else has. */
static void
demo_names(uint64_t seed)
{
	int i, j, k = 0;
	struct rng r = rng_for(seed, 101, 0);

	for (i = 0; i < D_CUSTOMERS; i++) {
		for (;;) {
			company_name(seed, (uint64_t)(k++), chance(&r, 15),
			             demo[i].name, sizeof(demo[i].name));
			for (j = 0; j < i; j++)
				if (strcmp(demo[j].name, demo[i].name) == 0)
					break;
			if (j == i)
				break;
		}
	}
	/* two names with quotes, as people type them */
	(void)snprintf(demo[6].name, sizeof(demo[6].name),
	               "The \"Blue Oven\" Bakery Co.");
	(void)snprintf(demo[41].name, sizeof(demo[41].name),
	               "Lakeview \"Smart\" Homes, LLC");
}

/* ------------------------------------------------- demo: CSV writing */

static long csv_line;        /* physical line of the next line written */
static long rec_line;        /* where the current record started */
static int rec_fields;       /* fields written in the current record */
static int csv_crlf;         /* this file ends records with CRLF */
static const char *csv_file; /* its name, for bad-rows.tsv */
static const char *demo_dir;

/* The path of the file name in the demo directory, into path (size bytes). */
static void
demo_path(char *path, size_t size, const char *name)
{
	if ((size_t)snprintf(path, size, "%s/%s", demo_dir, name) >= size)
		die(EXIT_USAGE, "directory name too long: '%s'", demo_dir);
}

static void
csv_open(const char *name, const char *header, int bom, int crlf)
{
	char path[4096];

	demo_path(path, sizeof(path), name);
	out_begin(path);
	csv_file = name;
	csv_crlf = crlf;
	if (bom)
		put_str("\xEF\xBB\xBF");
	put_str(header);
	put_str(crlf ? "\r\n" : "\n");
	csv_line = 2;
	rec_fields = 0;
}

/* Write one field, quoted when needed (as the exporting system does). */
static void fld(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
fld(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	const char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		die(EXIT_SYSTEM, "internal error: a field of %d bytes", n);
	if (rec_fields++ == 0)
		rec_line = csv_line;
	else
		put_ch(',');
	put_csv_field(buf);
	for (p = buf; *p; p++)
		if (*p == '\n')
			csv_line++;
}

static void
rec_end(void)
{
	put_str(csv_crlf ? "\r\n" : "\n");
	csv_line++;
	rec_fields = 0;
}

/* The bad rows written, for bad-rows.tsv. */
static struct {
	const char *file, *column, *value, *reason;
	long line;
} bad_rows[32];
static int nbad;

/* Note that the record just ended (at rec_line) is a bad row. */
static void
bad_row(const char *column, const char *value, const char *reason)
{
	if (nbad < NELEM(bad_rows)) {
		bad_rows[nbad].file = csv_file;
		bad_rows[nbad].line = rec_line;
		bad_rows[nbad].column = column;
		bad_rows[nbad].value = value;
		bad_rows[nbad].reason = reason;
		nbad++;
	}
}

/* Formatting into rotating static buffers (a few per printf call). */
static char *
sbuf(void)
{
	/* cppcheck-suppress constVariable ; the callers write into it */
	static char ring[16][64];
	static int k;

	return ring[k++ % 16];
}

static const char *
s_iso(int day)
{
	char *b = sbuf();

	date_format(day, b);
	return b;
}

/* Month (or, with day_first, day) first, then the other, then the year. */
static const char *
s_numeric(int day, int day_first, char sep)
{
	char *b = sbuf();
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	(void)snprintf(b, 64, "%d%c%d%c%d", day_first ? d : m, sep,
	               day_first ? m : d, sep, y);
	return b;
}

static const char *
s_mdy(int day)
{
	return s_numeric(day, 0, '/');
}

static const char *
s_dmy(int day)
{
	return s_numeric(day, 1, '.');
}

/* "YYYY-MM-DD HH:MM[:SS]" or with T and Z (zulu) */
static const char *
s_datetime(int day, int minute, int secs, int zulu)
{
	char *b = sbuf();
	char d[DATE_BUFSIZE];
	int k;

	date_format(day, d);
	k = snprintf(b, 64, "%s%c%02d:%02d", d, zulu ? 'T' : ' ', minute / 60,
	             minute % 60);
	if (zulu || secs >= 0)
		(void)snprintf(b + k, 64 - (size_t)k, ":%02d%s", secs,
		               zulu ? "Z" : "");
	return b;
}

/* cents as "1234.50" */
static const char *
s_plain(int64_t c)
{
	char *b = sbuf();

	(void)snprintf(b, 64, "%lld.%02lld", (long long)(c / 100),
	               (long long)(c % 100));
	return b;
}

/* cents as "$1,234.50" */
static const char *
s_dollars(int64_t c)
{
	char *b = sbuf(), tmp[40];
	int n = 0, digits = 0, k = 0;
	int64_t whole = c / 100;

	do {
		if (digits && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + whole % 10);
		whole /= 10;
		digits++;
	} while (whole);
	b[k++] = '$';
	while (n)
		b[k++] = tmp[--n];
	(void)snprintf(b + k, 64 - (size_t)k, ".%02lld", (long long)(c % 100));
	return b;
}

/* Sort helper for rows kept in memory: by day, then by sequence. */
struct row {
	int day, minute, acct, seq;
	int a, b, c, d; /* per file */
	int64_t x;
};

static int
row_cmp(const void *p, const void *q)
{
	const struct row *r1 = p, *r2 = q;

	if (r1->day != r2->day)
		return r1->day < r2->day ? -1 : 1;
	if (r1->minute != r2->minute)
		return r1->minute < r2->minute ? -1 : 1;
	return r1->seq < r2->seq ? -1 : r1->seq > r2->seq;
}

struct rows {
	struct row *v;
	int n, cap;
};

static struct row *
row_add(struct rows *rs)
{
	struct row *r;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 1024;
		rs->v = xrealloc(rs->v, (size_t)rs->cap * sizeof(*rs->v));
	}
	r = &rs->v[rs->n];
	memset(r, 0, sizeof(*r));
	r->seq = rs->n++;
	return r;
}

static void
rows_sort(struct rows *rs)
{
	qsort(rs->v, (size_t)rs->n, sizeof(*rs->v), row_cmp);
}

/* ---------------------------------------------- demo: the export files */

static int
is_active(const struct dacct *a, int day)
{
	return day >= a->since && mrr_at(a, day) > 0;
}

static void
demo_hubspot(uint64_t seed)
{
	int i;

	csv_open("hubspot-companies.csv",
	         "Record ID,Company name,Company owner,Industry,Country/Region,"
	         "Create Date,Annual Revenue,Lifecycle Stage,Segment,"
	         "Renewal Date",
	         1, 0);
	for (i = 0; i < D_CUSTOMERS; i++) {
		struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 200, (uint64_t)i);
		int64_t arr = mrr_at(a, win_hi) * 12;
		int renewal;

		fld("%s", a->key);
		fld("%s", a->name);
		fld("%s", owners[a->owner]);
		fld("%s", industries[a->industry]);
		fld("%s", countries[a->country]);
		fld("%s", s_datetime(a->since, between(&r, 480, 1080), -1, 0));
		if (arr == 0)
			fld("0");
		else if (chance(&r, 40))
			fld("%s", s_dollars(arr));
		else
			fld("%lld", (long long)(arr / 100));
		fld("%s", arr == 0          ? "other"
		          : a->health >= 85 ? "evangelist"
		                            : "customer");
		fld("%s", segments[a->segment]);
		renewal = anniversary(a->since, 2025);
		if (renewal - 365 > win_hi)
			renewal = anniversary(a->since, 2024);
		fld("%s", arr == 0 ? "" : s_iso(renewal));
		rec_end();
	}
	out_end();
}

static void
demo_suppliers(uint64_t seed)
{
	int i;
	char name[112];

	csv_open("salesforce-accounts.csv",
	         "Account ID,Account Name,Account Owner,Type,Industry,"
	         "Billing Country,Created Date,Annual Revenue",
	         0, 0);
	for (i = 0; i < D_SUPPLIERS; i++) {
		struct rng r = rng_for(seed, 201, (uint64_t)i);

		company_name(seed, 5000 + (uint64_t)i, chance(&r, 20), name,
		             sizeof(name));
		fld("S%03d", i + 1);
		fld("%s", name);
		fld("%s", owners[below(&r, DEMO_OWNERS)]);
		fld("Supplier");
		fld("%s", i % 2 ? "Logistics" : "Manufacturing");
		fld("%s", countries[pick(&r, country_w, NELEM(country_w))]);
		fld("%s", s_mdy(ymd(2015, 1, 1) + (int)below(&r, 2900)));
		fld("%s",
		    s_dollars((int64_t)between(&r, 10, 900) * 100000 * 100));
		rec_end();
	}
	out_end();
}

static void
demo_subscriptions(void)
{
	struct rows rs = {NULL, 0, 0};
	int i, j, n = 0;

	for (i = 0; i < D_CUSTOMERS; i++)
		for (j = 0; j < demo[i].nch; j++) {
			struct row *r = row_add(&rs);

			r->day = demo[i].ch[j].day;
			r->acct = i;
			r->a = j;
		}
	rows_sort(&rs);
	csv_open("stripe-subscriptions.csv",
	         "id,Customer,Plan,MRR,Effective Date", 0, 0);
	for (i = 0; i < rs.n; i++) {
		const struct dacct *a = &demo[rs.v[i].acct];
		const struct sub_change *c = &a->ch[rs.v[i].a];

		fld("sub_%d", c->sub);
		fld("%s", a->key);
		fld("%s", plan_names[c->plan]);
		fld("%s", s_dollars(c->cents));
		/* the date alone, or (for changes made in the app) a time */
		if (i % 9 == 4)
			fld("%s",
			    s_datetime(c->day, (i * 37) % 1440, i % 60, 1));
		else
			fld("%s", s_iso(c->day));
		rec_end();
		if (++n == 150) {
			fld("sub_%d", c->sub);
			fld("%s", a->key);
			fld("%s", plan_names[c->plan]);
			fld("$1,2OO.00");
			fld("%s", s_iso(c->day));
			rec_end();
			bad_row("MRR", "$1,2OO.00",
			        "invalid amount (letter O)");
		} else if (n == 420) {
			fld("sub_%d", c->sub);
			fld("%s", "");
			fld("%s", plan_names[c->plan]);
			fld("%s", s_dollars(c->cents));
			fld("%s", s_iso(c->day));
			rec_end();
			bad_row("Customer", "", "missing account");
		}
	}
	out_end();
	free(rs.v);
}

static void
demo_invoices(uint64_t seed)
{
	struct rows rs = {NULL, 0, 0};
	int i, m, n = 0;

	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 202, (uint64_t)i);

		for (m = 0; m < 24; m++) {
			int d = month_first(m), h, u, paid;
			struct row *row;
			int64_t due;

			if (!is_active(a, d))
				continue;
			due = mrr_at(a, d);
			h = health_on(a, d + 14);
			row = row_add(&rs);
			row->day = d;
			row->minute = between(&r, 0, 120);
			row->acct = i;
			row->x = due;
			u = (int)below(&r, 100);
			if (u < 1) {
				row->a = 2; /* void */
				continue;
			}
			if (h >= 60)
				paid = between(&r, 0, 12);
			else if (h >= 35)
				paid = between(&r, 3, 30);
			else
				paid =
				    chance(&r, 15) ? -1 : between(&r, 10, 75);
			if (paid >= 0 && d + paid <= win_hi) {
				row->a = 1; /* paid */
				row->b = paid;
				row->c = between(&r, 0, 1439);
			}
		}
	}
	rows_sort(&rs);
	csv_open("stripe-invoices.csv",
	         "id,Customer,Amount Due,Amount Paid,Currency,Date (UTC),"
	         "Due Date (UTC),Paid At (UTC),Status",
	         0, 0);
	for (i = 0; i < rs.n; i++) {
		const struct row *r = &rs.v[i];
		const char *due = s_plain(r->x);

		fld("in_%06d", 100001 + i);
		fld("%s", demo[r->acct].key);
		fld("%s", due);
		fld("%s", r->a == 1 ? due : "0.00");
		fld("usd");
		fld("%s", s_datetime(r->day, r->minute, i % 60, 0));
		fld("%s", s_datetime(r->day + 14, r->minute, i % 60, 0));
		fld("%s", r->a == 1
		              ? s_datetime(r->day + r->b, r->c, (i * 7) % 60, 0)
		              : "");
		fld("%s", r->a == 1 ? "paid" : r->a == 2 ? "void" : "open");
		rec_end();
		if (++n == 1000 || n == 3000) {
			fld("in_%06d", 100001 + i);
			fld("%s", demo[r->acct].key);
			fld("%s", n == 1000 ? "n/a" : due);
			fld("0.00");
			fld("usd");
			fld("%s", n == 1000
			              ? s_datetime(r->day, r->minute, 0, 0)
			              : "2024-02-16 09:00:00");
			fld("%s", n == 1000
			              ? s_datetime(r->day + 14, r->minute, 0, 0)
			              : "2024-02-30 09:00:00");
			fld("%s", "");
			fld("open");
			rec_end();
			if (n == 1000)
				bad_row("Amount Due", "n/a", "invalid amount");
			else
				bad_row("Due Date (UTC)", "2024-02-30 09:00:00",
				        "impossible date");
		}
	}
	out_end();
	free(rs.v);
}

static const char *const ticket_subjects[] = {
    "Cannot log in after password reset",
    "Export to CSV times out",
    "Invoice shows wrong amount, please check",
    "Question about \"seats\" on our plan",
    "API rate limit errors (429)",
    "Dashboard is slow, again",
    "SSO setup: SAML assertion rejected",
    "Request: add a user, remove another",
    "Data sync stopped\nsince yesterday",
    "Billing address change",
    "Report totals do not match, Q3",
    "How do I reset \"admin\" role?",
    "Webhook deliveries failing",
    "Feature request: dark mode",
    "Mobile app crashes on start",
    "Urgent: production outage",
};

static void
demo_tickets(uint64_t seed)
{
	struct rows rs = {NULL, 0, 0};
	int i, m, k, n = 0;

	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 203, (uint64_t)i);
		int segw = a->segment == 0 ? 2 : a->segment == 1 ? 4 : 7;

		for (m = 0; m < 24; m++) {
			int d0 = month_first(m);

			for (k = 0; k < 8; k++) {
				int d = d0 + (int)below(&r, 28), h, sev, hours;
				struct row *row;

				if (!is_active(a, d))
					continue;
				h = health_on(a, d);
				/* more tickets when unhappy */
				if ((int)below(&r, 1000) >=
				    segw * (10 + (100 - h)) / 3)
					continue;
				sev = severity(&r, &(struct acct){.health = h});
				row = row_add(&rs);
				row->day = d;
				row->minute = between(&r, 0, 1439);
				row->acct = i;
				row->a = sev;
				row->b = (int)below(&r, NELEM(ticket_subjects));
				if (sev == 1)
					row->b = NELEM(ticket_subjects) - 1;
				hours = (sev == 1   ? between(&r, 1, 24)
				         : sev == 2 ? between(&r, 4, 72)
				                    : between(&r, 8, 400)) *
				        (h < 40 ? 3 : 1);
				row->c = row->minute + hours * 60 +
				         between(&r, 0, 59);
				row->d = (int)below(&r, 60);
			}
		}
	}
	rows_sort(&rs);
	csv_open("zendesk-tickets.csv",
	         "Id,Organization,Subject,Status,Priority,Created at,Solved at",
	         0, 0);
	for (i = 0; i < rs.n; i++) {
		const struct row *r = &rs.v[i];
		int sday = r->day + r->c / 1440, smin = r->c % 1440;
		int solved = sday <= win_hi;
		static const char *const prio[] = {"", "urgent", "high",
		                                   "normal", "low"};

		fld("%d", 5001 + i);
		fld("%s", demo[r->acct].key);
		fld("%s", ticket_subjects[r->b]);
		fld("%s", solved ? (sday < win_hi - 30 ? "closed" : "solved")
		          : r->d < 20 ? "new"
		          : r->d < 40 ? "open"
		                      : "pending");
		fld("%s", prio[r->a]);
		fld("%s", s_datetime(r->day, r->minute, r->d, 1));
		fld("%s",
		    solved ? s_datetime(sday, smin, (r->d * 7) % 60, 1) : "");
		rec_end();
		if (++n == 500) {
			fld("%d", 5001 + i);
			fld("%s", demo[r->acct].key);
			fld("Sync error");
			fld("open");
			fld("high");
			fld("2024-13-05T10:00:00Z");
			fld("%s", "");
			rec_end();
			bad_row("Created at", "2024-13-05T10:00:00Z",
			        "impossible date");
		} else if (n == 2000) {
			fld("%d", 5001 + i);
			fld("%s", demo[r->acct].key);
			fld("Printer on fire");
			fld("open");
			fld("low");
			fld("%s", s_datetime(r->day, r->minute, 0, 1));
			fld("%s", "");
			fld("extra");
			rec_end();
			bad_row("", "", "ragged row: 8 fields, header has 7");
		}
	}
	out_end();
	free(rs.v);
}

static void
demo_usage(uint64_t seed)
{
	int i, w, n = 0, monday = ymd(2023, 1, 2);

	csv_open("usage-weekly.csv", "account_id,week_start,metric,count", 0,
	         0);
	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 204, (uint64_t)i);
		int64_t seats = a->base / 100 / 25 + 2;

		for (w = monday; w <= win_hi; w += 7) {
			int h, weeks, k;
			int64_t users, logins;

			if (!is_active(a, w))
				continue;
			h = health_on(a, w);
			weeks = (w - a->since) / 7 + 1;
			/* in hundredths of a user, so that small accounts
			 * show the decline too */
			users = seats * (10 + h) * between(&r, 85, 115);
			if (weeks < 8) /* the ramp-up after onboarding */
				users = users * weeks / 8;
			if (a->churn_day && w < a->churn_day &&
			    w >= a->churn_day - 180) /* disengagement */
				users = users * (a->churn_day - w + 30) / 210;
			logins = users * between(&r, 25, 45) / 100000 +
			         between(&r, 0, 3);
			users /= 10000;
			for (k = 0; k < 2; k++) {
				fld("%s", a->key);
				fld("%s", s_iso(w));
				fld("%s", k ? "active_users" : "logins");
				fld("%lld", (long long)(k ? users : logins));
				rec_end();
			}
			n++;
			if (n == 5000) {
				fld("%s", a->key);
				fld("%s", s_iso(w));
				fld("logins");
				fld("n/a");
				rec_end();
				bad_row("count", "n/a", "invalid number");
			} else if (n == 15000) {
				fld("%s", a->key);
				fld("%s", s_iso(w));
				fld("logins");
				rec_end();
				bad_row("", "",
				        "ragged row: 3 fields, header has 4");
			}
		}
	}
	out_end();
}

static void
demo_surveys(uint64_t seed)
{
	struct rows rs = {NULL, 0, 0};
	int i, q, m, n = 0;

	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 205, (uint64_t)i);

		for (q = 0; q < 8; q++) {
			int d = month_first(q * 3 + 2) + (int)below(&r, 25), h,
			    s;
			struct row *row;

			if (!is_active(a, d) || !chance(&r, 55))
				continue;
			h = health_on(a, d);
			s = h >= 70   ? between(&r, 8, 10)
			    : h >= 40 ? between(&r, 5, 9)
			              : between(&r, 0, 6);
			row = row_add(&rs);
			row->day = d;
			row->acct = i;
			row->a = 0;
			row->b = s;
		}
		for (m = 0; m < 24; m++) {
			int d = month_first(m) + (int)below(&r, 28), h;
			struct row *row;

			if (!is_active(a, d) ||
			    !chance(&r, 12 + a->segment * 8))
				continue;
			h = health_on(a, d);
			row = row_add(&rs);
			row->day = d;
			row->acct = i;
			row->a = 1;
			row->b = h >= 70   ? between(&r, 4, 5)
			         : h >= 40 ? between(&r, 3, 5)
			                   : between(&r, 1, 3);
		}
	}
	rows_sort(&rs);
	csv_open("surveys.csv", "Account,Submitted,Survey,Score", 0, 0);
	for (i = 0; i < rs.n; i++) {
		const struct row *r = &rs.v[i];

		fld("%s", demo[r->acct].key);
		fld("%s", s_dmy(r->day));
		fld("%s", r->a ? "CSAT" : "NPS");
		fld("%d", r->b);
		rec_end();
		if (++n == 300) {
			fld("%s", demo[r->acct].key);
			fld("31.4.2024");
			fld("NPS");
			fld("9");
			rec_end();
			bad_row("Submitted", "31.4.2024", "impossible date");
		} else if (n == 1200) {
			fld("%s", demo[r->acct].key);
			fld("%s", s_dmy(r->day));
			fld("NPS");
			fld("ten");
			rec_end();
			bad_row("Score", "ten", "invalid number");
		}
	}
	out_end();
	free(rs.v);
}

static const char *const touch_types[] = {"Call", "Meeting", "Email", "QBR",
                                          "Visit"};
static const char *const touch_subjects[][4] = {
    {"Check-in call", "Call re: invoices, late payment", "Call: renewal timing",
     "Follow-up on ticket, escalation"},
    {"Product roadmap meeting", "Meeting with CFO, budget 2024",
     "Training session", "Workshop: \"quick wins\""},
    {"Sent release notes", "Email: renewal quote, v2",
     "Re: \"seat count\" question", "Intro to support team"},
    {"Quarterly business review", "QBR: goals, adoption, next steps",
     "QBR (remote)", "Executive QBR"},
    {"On-site visit", "Visit HQ, meet new sponsor", "Site visit: rollout",
     "Dinner with champion"},
};

static void
demo_activities(uint64_t seed)
{
	struct rows rs = {NULL, 0, 0};
	int i, m, k, n = 0;

	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 206, (uint64_t)i);
		/* diligent and less diligent relationship managers */
		int per = (a->segment + 1) * (a->owner % 3 == 0 ? 2 : 3);

		for (m = 0; m < 24; m++) {
			for (k = 0; k < 6; k++) {
				int d = month_first(m) + (int)below(&r, 28), t;
				struct row *row;

				if (!is_active(a, d) ||
				    (int)below(&r, 12) >= per)
					continue;
				t = pick(&r, (const int[]){35, 15, 40, 0, 0},
				         5);
				if (a->segment == 2 && chance(&r, 8))
					t = 4;
				row = row_add(&rs);
				row->day = d;
				row->acct = i;
				row->a = t;
				row->b = (int)below(&r, 4);
			}
			if (a->segment > 0 && m % 3 == 1 &&
			    is_active(a, month_first(m) + 14) &&
			    chance(&r, a->owner % 3 == 0 ? 50 : 85)) {
				struct row *row = row_add(&rs);

				row->day = month_first(m) + (int)below(&r, 28);
				row->acct = i;
				row->a = 3;
				row->b = (int)below(&r, 4);
			}
		}
	}
	rows_sort(&rs);
	csv_open("activities.csv", "Account ID,Activity Date,Type,Subject", 0,
	         1);
	for (i = 0; i < rs.n; i++) {
		const struct row *r = &rs.v[i];

		fld("%s", demo[r->acct].key);
		fld("%s", s_mdy(r->day));
		fld("%s", touch_types[r->a]);
		fld("%s", touch_subjects[r->a][r->b]);
		rec_end();
		if (++n == 2500) {
			fld("%s", demo[r->acct].key);
			fld("13/25/2024");
			fld("Call");
			fld("Check-in call");
			rec_end();
			bad_row("Activity Date", "13/25/2024",
			        "impossible date");
		}
	}
	/* the year-end call closes the data set on its last day */
	fld("%s", demo[0].key);
	fld("%s", s_mdy(win_hi));
	fld("Call");
	fld("Year-end check-in, 2025 plans");
	rec_end();
	out_end();
	free(rs.v);
}

/* A renewal: the contract of account acct due on day. */
struct renewal {
	int acct, due, renewed; /* renewed: day, or 0 */
	int64_t value, new_value;
};

static struct renewal *renewals;
static int nrenewals;

/* Annual contracts (Mid-Market, Enterprise): renewed early, late, or not. */
static void
demo_make_renewals(uint64_t seed)
{
	int i, y;

	renewals = xmalloc(sizeof(*renewals) * D_CUSTOMERS * 3);
	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 207, (uint64_t)i);

		if (a->segment == 0)
			continue;
		for (y = 2023; y <= 2024; y++) {
			int due = anniversary(a->since, y), h;
			struct renewal *rn;

			if (due < win_lo || due > win_hi ||
			    due < a->since + 300 || !is_active(a, due - 1))
				continue;
			rn = &renewals[nrenewals++];
			rn->acct = i;
			rn->due = due;
			rn->value = mrr_at(a, due - 1) * 12;
			rn->renewed = 0;
			if (a->churn_day == due)
				continue;
			h = health_on(a, due);
			rn->renewed = due + (h >= 70   ? between(&r, -60, -1)
			                     : h >= 40 ? between(&r, -15, 20)
			                               : between(&r, 5, 45));
			if (rn->renewed > win_hi)
				rn->renewed = 0;
			rn->new_value = mrr_at(a, due) * 12;
		}
	}
}

static void
demo_renewals(void)
{
	int i;

	csv_open("renewals.csv",
	         "Contract ID,Account,Renewal Due,Contract Value,Renewed On,"
	         "New Value",
	         0, 0);
	for (i = 0; i < nrenewals; i++) {
		const struct renewal *rn = &renewals[i];

		fld("CT-%04d", 1 + i);
		fld("%s", demo[rn->acct].key);
		fld("%s", s_iso(rn->due));
		fld("%s", s_dollars(rn->value));
		/* the date alone, or a date-time when renewed online */
		fld("%s", !rn->renewed ? ""
		          : i % 4 == 1
		              ? s_datetime(rn->renewed, 600 + i % 300, -1, 0)
		              : s_iso(rn->renewed));
		fld("%s", rn->renewed ? s_dollars(rn->new_value) : "");
		rec_end();
		if (i == 60) {
			fld("CT-%04d", 1 + i);
			fld("%s", demo[rn->acct].key);
			fld("%s", s_iso(rn->due));
			fld("12abc");
			fld("%s", "");
			fld("%s", "");
			rec_end();
			bad_row("Contract Value", "12abc", "invalid amount");
		}
	}
	out_end();
}

static void
demo_onboarding(uint64_t seed)
{
	static const char *const milestones[] = {"kickoff", "onboarded",
	                                         "first_value", "go_live"};
	int i, k, n = 0;

	csv_open("onboarding.csv", "Account,Milestone,Date", 0, 0);
	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 208, (uint64_t)i);
		int d = a->since + between(&r, 0, 5);
		int slow = a->health < 40 ? 2 : 1;

		if (a->since < ymd(2022, 10, 1))
			continue;
		for (k = 0; k < 4; k++) {
			if (k > 0)
				d += between(&r, 10, 40) * slow;
			if (d > win_hi || (a->churn_day && d >= a->churn_day))
				break;
			if (k == 3 && a->churn_day && chance(&r, 50))
				break; /* never went live */
			fld("%s", a->key);
			fld("%s", milestones[k]);
			if (n % 5 == 3)
				fld("%sT%02d:%02d:00", s_iso(d), 9 + n % 8,
				    (n * 13) % 60);
			else
				fld("%s", s_iso(d));
			rec_end();
			if (++n == 100) {
				fld("%s", "");
				fld("%s", milestones[k]);
				fld("%s", s_iso(d));
				rec_end();
				bad_row("Account", "", "missing account");
			}
		}
	}
	out_end();
}

static void
demo_deliveries(uint64_t seed)
{
	struct rows rs = {NULL, 0, 0};
	int i, m, k, n = 0;

	for (i = 0; i < D_SUPPLIERS; i++) {
		struct rng r = rng_for(seed, 209, (uint64_t)i);
		int cls = i < 14 ? 0 : i < 18 ? 1 : 2; /* good, fair, poor */

		for (m = 0; m < 24; m++) {
			int npo = between(&r, 1, 3);

			for (k = 0; k < npo; k++) {
				int p = month_first(m) + (int)below(&r, 28),
				    late;
				struct row *row;

				late =
				    cls == 0
				        ? pick(&r,
				               (const int[]){5, 10, 70, 10, 5},
				               5) -
				              2
				    : cls == 1 ? between(&r, -2, 7)
				               : between(&r, 0, 10 + m);
				if (p + late > win_hi)
					continue;
				row = row_add(&rs);
				row->day = p;
				row->acct = i;
				row->a = late;
			}
		}
	}
	rows_sort(&rs);
	csv_open("deliveries.csv",
	         "Supplier ID,PO Number,Promised Date,Delivered Date,Days Late",
	         0, 0);
	for (i = 0; i < rs.n; i++) {
		const struct row *r = &rs.v[i];

		fld("S%03d", r->acct + 1);
		fld("PO-%05d", 20001 + i);
		fld("%s", s_iso(r->day));
		fld("%s", s_iso(r->day + r->a));
		fld("%d", r->a);
		rec_end();
		if (++n == 400) {
			fld("S%03d", r->acct + 1);
			fld("PO-%05d", 20001 + i);
			fld("%s", s_iso(r->day));
			fld("%s", s_iso(r->day + 3));
			fld("3 days");
			rec_end();
			bad_row("Days Late", "3 days", "invalid number");
		}
	}
	out_end();
	free(rs.v);
}

static const char *const deal_names[] = {
    "Platform",     "Expansion",       "Seats",     "Analytics add-on",
    "Support plan", "Rollout phase 2", "Migration", "Pilot",
};

/* Append one opportunity (kept as a row, written sorted by created date). */
static void
opp_add(struct rows *rs, int acct, int created, int closed, int stage, int type,
        int64_t cents, int name)
{
	struct row *row = row_add(rs);

	if (closed > win_hi)
		closed = win_hi;
	if (closed < created)
		closed = created;
	row->day = created;
	row->acct = acct;
	row->a = stage;
	row->b = type;
	row->c = closed;
	row->d = name;
	row->x = cents;
}

static void
demo_opportunities(uint64_t seed)
{
	struct rows rs = {NULL, 0, 0};
	int i, j, n = 0;

	for (i = 0; i < D_CUSTOMERS; i++) {
		const struct dacct *a = &demo[i];
		struct rng r = rng_for(seed, 210, (uint64_t)i);

		for (j = 0; j < a->nch; j++) {
			const struct sub_change *c = &a->ch[j];
			int close = c->day - between(&r, 0, 7);

			if (c->day < win_lo - 60)
				continue;
			if (c->action == ACT_NEW || c->action == ACT_REACT)
				opp_add(&rs, i, close - between(&r, 20, 90),
				        close, 4, 0, c->cents * 12, 0);
			else if (c->action == ACT_EXPAND)
				opp_add(&rs, i, close - between(&r, 15, 60),
				        close, 4, 1, c->cents * 12 / 4,
				        1 + (int)below(&r, 4));
			else if (c->action == ACT_ADDON)
				opp_add(&rs, i, close - between(&r, 15, 60),
				        close, 4, 2, c->cents * 12, 3);
		}
		/* upsell attempts that failed */
		if (chance(&r, 30)) {
			int d =
			    day_in(&r, a->since > win_lo ? a->since : win_lo,
			           win_hi - 60);

			if (is_active(a, d))
				opp_add(&rs, i, d, d + between(&r, 20, 90), 5,
				        chance(&r, 60) ? 1 : 2,
				        mrr_at(a, d) * between(&r, 2, 6),
				        1 + (int)below(&r, 6));
		}
		/* open pipeline at the end of 2024 */
		if (is_active(a, win_hi) && chance(&r, 35)) {
			int d = ymd(2024, 9, 1) + (int)below(&r, 110);

			opp_add(&rs, i, d, d + between(&r, 20, 80),
			        (int)below(&r, 4), chance(&r, 70) ? 1 : 2,
			        mrr_at(a, win_hi) * between(&r, 2, 8),
			        1 + (int)below(&r, 7));
		}
	}
	for (i = 0; i < nrenewals; i++) {
		const struct renewal *rn = &renewals[i];
		struct rng r = rng_for(seed, 211, (uint64_t)i);

		if (rn->renewed)
			opp_add(&rs, rn->acct, rn->due - between(&r, 60, 90),
			        rn->renewed, 4, 3, rn->new_value, 0);
		else if (demo[rn->acct].churn_day == rn->due)
			opp_add(&rs, rn->acct, rn->due - between(&r, 60, 90),
			        rn->due, 5, 3, rn->value, 0);
	}
	rows_sort(&rs);
	csv_open(
	    "salesforce-opportunities.csv",
	    "Opportunity ID,Account ID,Account Name,Opportunity Name,Stage,"
	    "Amount,Created Date,Close Date,Type,Opportunity Owner",
	    0, 0);
	for (i = 0; i < rs.n; i++) {
		const struct row *r = &rs.v[i];
		const struct dacct *a = &demo[r->acct];
		char short_name[64];
		int y, mo, d;

		(void)snprintf(short_name, sizeof(short_name), "%.*s",
		               (int)strcspn(a->name, ","), a->name);
		date_to_ymd(r->c, &y, &mo, &d);
		fld("0065g00000%05d", 10001 + i);
		fld("%s", a->key);
		fld("%s", a->name);
		if (r->b == 3)
			fld("%s - Renewal %d", short_name, y);
		else if (i % 97 == 13)
			fld("%s - %s\n(multi-year, see notes)", short_name,
			    deal_names[r->d]);
		else if (i % 31 == 7)
			fld("%s \"%s\" deal", short_name, deal_names[r->d]);
		else
			fld("%s - %s %d", short_name, deal_names[r->d], y);
		fld("%s", sf_stages[r->a]);
		fld("%s", s_dollars(r->x));
		fld("%s", s_mdy(r->day));
		fld("%s", s_mdy(r->c));
		fld("%s", sf_types[r->b]);
		fld("%s", owners[a->owner]);
		rec_end();
		n++;
		if (n == 40 || n == 200 || n == 500) {
			fld("0065g00000%05d", 10001 + i);
			fld("%s", n == 500 ? "" : a->key);
			fld("%s", a->name);
			fld("%s - %s", short_name, deal_names[r->d]);
			fld("%s", sf_stages[4]);
			fld("%s", n == 40 ? "12abc" : s_dollars(r->x));
			fld("%s", s_mdy(r->day));
			fld("%s", n == 200 ? "2/30/2024" : s_mdy(r->c));
			fld("%s", sf_types[r->b]);
			fld("%s", owners[a->owner]);
			rec_end();
			if (n == 40)
				bad_row("Amount", "12abc", "invalid amount");
			else if (n == 200)
				bad_row("Close Date", "2/30/2024",
				        "impossible date");
			else
				bad_row("Account ID", "", "missing account");
		}
	}
	out_end();
	free(rs.v);
}

static void
demo_bad_rows(void)
{
	char path[4096];
	int i;

	demo_path(path, sizeof(path), "bad-rows.tsv");
	out_begin(path);
	put_str("file\tline\tcolumn\tvalue\treason\n");
	for (i = 0; i < nbad; i++) {
		put_str(bad_rows[i].file);
		put_ch('\t');
		put_uint((uint64_t)bad_rows[i].line);
		put_ch('\t');
		put_str(bad_rows[i].column);
		put_ch('\t');
		put_str(bad_rows[i].value);
		put_ch('\t');
		put_str(bad_rows[i].reason);
		put_ch('\n');
	}
	out_end();
}

static void
mode_demo(const struct opts *o, const char *dir)
{
	struct stat st;
	int i;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		die(EXIT_SYSTEM, "cannot write into '%s': not a directory",
		    dir);
	demo_dir = dir;
	win_lo = ymd(2023, 1, 1);
	win_hi = ymd(2024, 12, 31);
	for (i = 0; i < D_CUSTOMERS; i++)
		demo_account(o->seed, i, &demo[i]);
	demo_names(o->seed);
	demo_make_renewals(o->seed);
	demo_hubspot(o->seed);
	demo_suppliers(o->seed);
	demo_opportunities(o->seed);
	demo_subscriptions();
	demo_invoices(o->seed);
	demo_tickets(o->seed);
	demo_usage(o->seed);
	demo_surveys(o->seed);
	demo_activities(o->seed);
	demo_renewals();
	demo_onboarding(o->seed);
	demo_deliveries(o->seed);
	demo_bad_rows();
	free(renewals);
	free(out_buf);
}
