/*
 * gen-crm - deterministic synthetic CRM data for rmkit's examples, tests
 * and benchmarks.
 *
 *	gen-crm demo DIR                          the messy demo exports
 *	gen-crm events --accounts N --events M    canonical event stream
 *	gen-crm mrr --accounts N --events M       mrr events only
 *	gen-crm orders --customers N --orders M   order events (RFM)
 *	gen-crm accounts --rows N                 an account table
 *	gen-crm csv --bytes N                     Salesforce-like opportunity
 *CSV
 *
 * Everything is a function of --seed: the random numbers come from a
 * splitmix64 generator written here, each account draws from its own
 * stream (so the data do not depend on output order), and the only
 * floating point is avoided altogether: all amounts are integers (cents),
 * all probabilities integer percentages.  The same seed gives the same
 * bytes on every machine.
 *
 * Big modes write through one large buffer.  events, mrr and orders build
 * compact 16-byte records in memory and emit them ordered by date (or by
 * account and date with --sorted) using counting sorts, so memory is about
 * 24 bytes per event.
 */
#include <getopt.h>
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

/* day as D.M.YYYY (European) */
static void
put_dmy_dots(int day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	put_uint((uint64_t)d);
	put_ch('.');
	put_uint((uint64_t)m);
	put_ch('.');
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

	snprintf(buf, size, "%s%s %s%s %s", h, t, w, comma ? "," : "", l);
}

static const char *const segments[] = {"SMB", "Mid-Market", "Enterprise"};
static const char *const industries[] = {
    "Software",      "Healthcare",  "Retail",    "Financial Services",
    "Manufacturing", "Logistics",   "Education", "Media",
    "Energy",        "Hospitality",
};
static const char *const regions[] = {"North America", "EMEA", "APAC", "LATAM"};
static const char *const countries[] = {"United States", "Germany", "Japan",
                                        "Brazil"};

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
	size_t ndays = (size_t)(date_hi - date_lo + 1), i, nkeys;
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
			if (mrr < 10)
				mrr = 10;
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
				       E_RENEWED, v * between(r, 95, 115) / 100,
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
			addon_mrr = chance(r, 50) ? 0 : addon_mrr * 2;
			ev_add(b, id, d, E_MRR, addon_mrr, addon, K_ADDON);
		} else {
			int pct = chance(r, a->health < 40 ? 55 : 25)
			              ? between(r, 60, 95)
			              : between(r, 105, 150);

			mrr = mrr * pct / 100 / 10 * 10;
			mrr = mrr < 10 ? 10 : mrr;
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
		snprintf(deal, sizeof(deal), "%.40s \"%s\" deal", name,
		         deal_words[below(r, NELEM(deal_words))]);
		break;
	case 1:
		if (chance(r, 5)) {
			snprintf(deal, sizeof(deal), "%.40s - %s\nsee notes",
			         name, deal_words[below(r, NELEM(deal_words))]);
			break;
		}
		/* fall through */
	default:
		snprintf(deal, sizeof(deal), "%.40s - %s %d", name,
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

static void
mode_demo(const struct opts *o, const char *dir)
{
	(void)o;
	(void)dir;
	(void)countries;
	(void)put_dmy_dots;
	die(EXIT_USAGE, "demo: not written yet");
}
