/*
 * expr.c - the rule language of rm-segment: lexer, recursive-descent
 * parser to a typed tree, binding of columns, three-valued evaluation.
 *
 * All nodes of all rules live in one array and refer to each other by
 * index.  Each node has a static type worked out while parsing (number,
 * text, date, untyped column, condition), so the evaluator knows at
 * every comparison how to read a column and never guesses per row
 * except for column-with-column comparisons.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "expr.h"
#include "num.h"
#include "strmap.h"
#include "tsv.h"
#include "xalloc.h"

enum type { T_NUM, T_STR, T_DATE, T_COL, T_BOOL };

enum op {
	OP_NUM,
	OP_STR,
	OP_DATE,
	OP_COL,
	OP_CONST, /* true or false, in num */
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_CMP,
	OP_IN,
	OP_AND,
	OP_OR,
	OP_NOT,
	OP_MISSING
};

enum rel { R_LT, R_LE, R_GT, R_GE, R_EQ, R_NE };

/* How a comparison or "in" reads its operands. */
enum mode { M_NUM, M_STR, M_DATE, M_DYN };

struct node {
	unsigned char op, type, rel, mode;
	int a, b;   /* children; OP_IN: a the value, b the first literal */
	int n;      /* OP_IN: number of literals */
	int slot;   /* OP_COL, OP_MISSING */
	int day;    /* OP_DATE */
	double num; /* OP_NUM, OP_CONST */
	char *str;  /* OP_STR: the text in escaped (TSV) form */
	size_t len;
	size_t pos; /* offset in the rule's source, for messages */
};

struct rule {
	char *name;
	char *src;
	int root;
	size_t first, end; /* the rule's nodes */
};

/* What is known about a slot's field in the current row. */
enum { F_MISSING, F_NUMBER, F_TEXT };

struct expr_set {
	struct node *nodes;
	size_t nnodes, cap;
	struct rule *rules;
	size_t nrules, rcap;
	struct strmap *slots; /* column name -> slot */
	int *col;             /* slot -> column index of the current header */
	/* per-row caches, valid when *_gen equals gen */
	unsigned long gen;
	unsigned long *num_gen, *day_gen;
	unsigned char *num_state, *day_state;
	double *num_val;
	int *day_val;
	size_t slot_cap;
};

struct expr_set *
expr_set_new(void)
{
	struct expr_set *s = xcalloc(1, sizeof(*s));

	s->slots = strmap_new();
	s->gen = 1;
	return s;
}

void
expr_set_free(struct expr_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nnodes; i++)
		free(s->nodes[i].str);
	for (i = 0; i < s->nrules; i++) {
		free(s->rules[i].name);
		free(s->rules[i].src);
	}
	free(s->nodes);
	free(s->rules);
	strmap_free(s->slots);
	free(s->col);
	free(s->num_gen);
	free(s->day_gen);
	free(s->num_state);
	free(s->day_state);
	free(s->num_val);
	free(s->day_val);
	free(s);
}

size_t
expr_nrules(const struct expr_set *s)
{
	return s->nrules;
}

const char *
expr_rule_name(const struct expr_set *s, size_t i)
{
	return i < s->nrules ? s->rules[i].name : "";
}

/* ---- lexer ---- */

enum token {
	TK_END,
	TK_NUM,
	TK_DATE,
	TK_STR,
	TK_NAME,
	TK_LP,
	TK_RP,
	TK_COMMA,
	TK_PLUS,
	TK_MINUS,
	TK_STAR,
	TK_SLASH,
	TK_LT,
	TK_LE,
	TK_GT,
	TK_GE,
	TK_EQ,
	TK_NE,
	TK_AND,
	TK_OR,
	TK_NOT,
	TK_IN,
	TK_MISSING,
	TK_TRUE,
	TK_FALSE
};

struct parser {
	struct expr_set *set;
	const char *src;
	size_t at;         /* where the lexer goes on */
	enum token tok;    /* the current token ... */
	size_t tpos, tend; /* ... its extent in src */
	double num;        /* TK_NUM */
	int day;           /* TK_DATE */
	char *text;        /* TK_STR, TK_NAME: decoded, owned */
	size_t text_len;
	struct expr_error *err;
	int failed;
};

/* Record the first error only; always returns -1. */
static int
fail(struct parser *p, size_t pos, const char *fmt, const char *arg)
{
	if (!p->failed) {
		(void)snprintf(p->err->msg, sizeof(p->err->msg), fmt, arg);
		p->err->pos = pos;
		p->err->type_error = 0;
		p->failed = 1;
	}
	return -1;
}

/* A type error: like fail(), marked as such. */
static int
fail_type(struct parser *p, size_t pos, const char *msg)
{
	int first = !p->failed;

	fail(p, pos, "%s", msg);
	if (first)
		p->err->type_error = 1;
	return -1;
}

static int
is_name_start(int c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static int
is_name_char(int c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

static const struct {
	const char *word;
	enum token tok;
} keywords[] = {{"and", TK_AND},    {"or", TK_OR},           {"not", TK_NOT},
                {"in", TK_IN},      {"missing", TK_MISSING}, {"true", TK_TRUE},
                {"false", TK_FALSE}};

static enum token
keyword(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].word) == len &&
		    strncasecmp(keywords[i].word, s, len) == 0)
			return keywords[i].tok;
	return TK_NAME;
}

static void
set_text(struct parser *p, const char *s, size_t len)
{
	free(p->text);
	p->text = xmemdup(s, len);
	p->text_len = len;
}

/* A date literal YYYY-MM-DD at s, not followed by a name character. */
static int
lex_date(struct parser *p, const char *s)
{
	int i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (is_name_char(s[10]))
		return 0;
	if (date_parse_iso(s, 10, &p->day) != 0)
		return fail(p, p->tpos, "invalid date '%.10s'", s), 1;
	p->at += 10;
	p->tok = TK_DATE;
	return 1;
}

static void
lex_number(struct parser *p)
{
	const char *s = p->src + p->at, *e = s;

	while (isdigit((unsigned char)*e))
		e++;
	if (*e == '.')
		for (e++; isdigit((unsigned char)*e); e++)
			;
	if ((*e == 'e' || *e == 'E') &&
	    (isdigit((unsigned char)e[1]) ||
	     ((e[1] == '+' || e[1] == '-') && isdigit((unsigned char)e[2])))) {
		for (e += 2; isdigit((unsigned char)*e); e++)
			;
	}
	if (is_name_char(*e) || num_parse(s, (size_t)(e - s), &p->num) != 0) {
		char buf[64];

		while (is_name_char(*e))
			e++;
		(void)snprintf(buf, sizeof(buf), "%.*s", (int)(e - s), s);
		fail(p, p->tpos, "invalid number '%s'", buf);
	}
	p->at += (size_t)(e - s);
	p->tok = TK_NUM;
}

static void
lex_string(struct parser *p)
{
	const char *s = p->src + p->at;
	char quote = *s, *buf = xmalloc(strlen(s) + 1);
	size_t n = 0, i = 1;

	for (;;) {
		char c = s[i];

		if (c == '\0') {
			free(buf);
			fail(p, p->tpos, "%s", "unterminated string");
			p->tok = TK_END;
			return;
		}
		i++;
		if (c == quote)
			break;
		if (c == '\\' && s[i] != '\0') {
			c = s[i++];
			if (c == 't')
				c = '\t';
			else if (c == 'n')
				c = '\n';
		}
		buf[n++] = c;
	}
	/* fields are compared in their escaped form */
	{
		char *esc = xmalloc(2 * n + 1);
		size_t j, m = 0;

		for (j = 0; j < n; j++) {
			char c = buf[j];

			if (c == '\t' || c == '\n' || c == '\r' || c == '\\') {
				esc[m++] = '\\';
				if (c == '\t')
					c = 't';
				else if (c == '\n')
					c = 'n';
				else if (c == '\r')
					c = 'r';
			}
			esc[m++] = c;
		}
		set_text(p, esc, m);
		free(esc);
	}
	free(buf);
	p->at += i;
	p->tok = TK_STR;
}

static void
lex_backtick(struct parser *p)
{
	const char *s = p->src + p->at + 1, *e = strchr(s, '`');

	if (e == NULL) {
		fail(p, p->tpos, "%s", "unterminated `column name`");
		p->tok = TK_END;
		return;
	}
	if (e == s) {
		fail(p, p->tpos, "%s", "empty `column name`");
		p->tok = TK_END;
		return;
	}
	set_text(p, s, (size_t)(e - s));
	p->at += (size_t)(e - s) + 2;
	p->tok = TK_NAME;
}

/* Two-character operators first, then one-character ones. */
static int
lex_operator(struct parser *p)
{
	static const struct {
		const char *s;
		enum token tok;
	} ops[] = {{"<=", TK_LE},   {">=", TK_GE},   {"==", TK_EQ},
	           {"!=", TK_NE},   {"<>", TK_NE},   {"<", TK_LT},
	           {">", TK_GT},    {"=", TK_EQ},    {"(", TK_LP},
	           {")", TK_RP},    {",", TK_COMMA}, {"+", TK_PLUS},
	           {"-", TK_MINUS}, {"*", TK_STAR},  {"/", TK_SLASH}};
	const char *s = p->src + p->at;
	size_t i, n;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		n = strlen(ops[i].s);
		if (strncmp(s, ops[i].s, n) == 0) {
			p->at += n;
			p->tok = ops[i].tok;
			return 1;
		}
	}
	return 0;
}

/* Read the next token into p->tok. */
static void
next(struct parser *p)
{
	const char *s;

	while (isspace((unsigned char)p->src[p->at]))
		p->at++;
	s = p->src + p->at;
	p->tpos = p->at;
	if (p->failed || *s == '\0') {
		p->tok = TK_END;
	} else if (isdigit((unsigned char)*s)) {
		if (!lex_date(p, s))
			lex_number(p);
	} else if (*s == '.' && isdigit((unsigned char)s[1])) {
		lex_number(p);
	} else if (*s == '"' || *s == '\'') {
		lex_string(p);
	} else if (*s == '`') {
		lex_backtick(p);
	} else if (is_name_start(*s)) {
		const char *e = s;

		while (is_name_char(*e))
			e++;
		p->tok = keyword(s, (size_t)(e - s));
		set_text(p, s, (size_t)(e - s));
		p->at += (size_t)(e - s);
	} else if (!lex_operator(p)) {
		char c[8];

		(void)snprintf(c, sizeof(c), "%c", *s);
		fail(p, p->tpos, "unexpected character '%s'", c);
		p->tok = TK_END;
	}
	p->tend = p->at;
}

/* ---- parser ---- */

static int
new_node(struct parser *p, enum op op, enum type type, size_t pos)
{
	struct expr_set *s = p->set;
	struct node *n;

	grow_array((void **)&s->nodes, &s->cap, s->nnodes + 1,
	           sizeof(*s->nodes));
	n = &s->nodes[s->nnodes];
	memset(n, 0, sizeof(*n));
	n->op = (unsigned char)op;
	n->type = (unsigned char)type;
	n->pos = pos;
	n->a = n->b = n->slot = -1;
	return (int)s->nnodes++;
}

static struct node *
node(struct parser *p, int i)
{
	return &p->set->nodes[i];
}

static int
slot_of(struct parser *p, const char *name, size_t len)
{
	struct expr_set *s = p->set;
	size_t slot = strmap_intern(s->slots, name, len, NULL);

	if (slot >= s->slot_cap) {
		size_t cap = s->slot_cap;

		grow_array((void **)&s->col, &cap, slot + 1, sizeof(*s->col));
		s->num_gen = xreallocarray(s->num_gen, cap, sizeof(long));
		s->day_gen = xreallocarray(s->day_gen, cap, sizeof(long));
		s->num_state = xreallocarray(s->num_state, cap, 1);
		s->day_state = xreallocarray(s->day_state, cap, 1);
		s->num_val = xreallocarray(s->num_val, cap, sizeof(double));
		s->day_val = xreallocarray(s->day_val, cap, sizeof(int));
		s->slot_cap = cap;
	}
	s->col[slot] = -1;
	s->num_gen[slot] = 0;
	s->day_gen[slot] = 0;
	return (int)slot;
}

static int parse_or(struct parser *p);

static int
expected(struct parser *p, const char *what)
{
	char buf[140];

	if (p->tok == TK_END)
		(void)snprintf(buf, sizeof(buf), "expected %s, found the end",
		               what);
	else
		(void)snprintf(
		    buf, sizeof(buf), "expected %s, found '%.*s'", what,
		    (int)(p->tend - p->tpos > 20 ? 20 : p->tend - p->tpos),
		    p->src + p->tpos);
	return fail(p, p->tpos, "%s", buf);
}

static int
parse_column_token(struct parser *p)
{
	int i = new_node(p, OP_COL, T_COL, p->tpos);

	node(p, i)->slot = slot_of(p, p->text, p->text_len);
	next(p);
	return i;
}

static int
parse_primary(struct parser *p)
{
	size_t pos = p->tpos;
	int i;

	switch (p->tok) {
	case TK_NUM:
		i = new_node(p, OP_NUM, T_NUM, pos);
		node(p, i)->num = p->num;
		next(p);
		return i;
	case TK_DATE:
		i = new_node(p, OP_DATE, T_DATE, pos);
		node(p, i)->day = p->day;
		next(p);
		return i;
	case TK_STR:
		i = new_node(p, OP_STR, T_STR, pos);
		node(p, i)->str = xmemdup(p->text, p->text_len);
		node(p, i)->len = p->text_len;
		next(p);
		return i;
	case TK_TRUE:
	case TK_FALSE:
		i = new_node(p, OP_CONST, T_BOOL, pos);
		node(p, i)->num = p->tok == TK_TRUE;
		next(p);
		return i;
	case TK_NAME:
		return parse_column_token(p);
	case TK_MISSING:
		next(p);
		if (p->tok != TK_LP)
			return expected(p, "'(' after missing");
		next(p);
		if (p->tok != TK_NAME)
			return expected(p, "a column name");
		i = parse_column_token(p);
		if (i < 0)
			return -1;
		node(p, i)->op = OP_MISSING; /* pos stays at the name */
		node(p, i)->type = T_BOOL;
		if (p->tok != TK_RP)
			return expected(p, "')'");
		next(p);
		return i;
	case TK_LP:
		next(p);
		i = parse_or(p);
		if (i < 0)
			return -1;
		if (p->tok != TK_RP)
			return expected(p, "')'");
		next(p);
		return i;
	default:
		return expected(p,
		                "a number, string, date, column name or '('");
	}
}

/* An operand of arithmetic: a number or a column. */
static int
need_number(struct parser *p, int i, const char *op)
{
	enum type t = node(p, i)->type;
	char buf[64];

	if (t == T_NUM || t == T_COL)
		return 0;
	(void)snprintf(buf, sizeof(buf), "'%s' needs numbers", op);
	return fail_type(p, node(p, i)->pos, buf);
}

static int
parse_unary(struct parser *p)
{
	size_t pos = p->tpos;
	int a, i;

	if (p->tok != TK_MINUS)
		return parse_primary(p);
	next(p);
	if ((a = parse_unary(p)) < 0 || need_number(p, a, "-") < 0)
		return -1;
	if (node(p, a)->op == OP_NUM) { /* fold a negative literal */
		node(p, a)->num = -node(p, a)->num;
		node(p, a)->pos = pos;
		return a;
	}
	i = new_node(p, OP_NEG, T_NUM, pos);
	node(p, i)->a = a;
	return i;
}

static int
binary(struct parser *p, enum op op, int a, int b, const char *name)
{
	int i;

	if (need_number(p, a, name) < 0 || need_number(p, b, name) < 0)
		return -1;
	i = new_node(p, op, T_NUM, node(p, a)->pos);
	node(p, i)->a = a;
	node(p, i)->b = b;
	return i;
}

static int
parse_term(struct parser *p)
{
	int a = parse_unary(p), b;

	while (a >= 0 && (p->tok == TK_STAR || p->tok == TK_SLASH)) {
		enum token t = p->tok;

		next(p);
		if ((b = parse_unary(p)) < 0)
			return -1;
		a = binary(p, t == TK_STAR ? OP_MUL : OP_DIV, a, b,
		           t == TK_STAR ? "*" : "/");
	}
	return a;
}

static int
parse_sum(struct parser *p)
{
	int a = parse_term(p), b;

	while (a >= 0 && (p->tok == TK_PLUS || p->tok == TK_MINUS)) {
		enum token t = p->tok;

		next(p);
		if ((b = parse_term(p)) < 0)
			return -1;
		a = binary(p, t == TK_PLUS ? OP_ADD : OP_SUB, a, b,
		           t == TK_PLUS ? "+" : "-");
	}
	return a;
}

static const char *
type_name(enum type t)
{
	switch (t) {
	case T_NUM:
		return "a number";
	case T_STR:
		return "a string";
	case T_DATE:
		return "a date";
	case T_COL:
		return "a column";
	default:
		return "a condition";
	}
}

/*
 * How values of types ta and tb compare; -1 (with an error at pos) when
 * they cannot.
 */
static int
compare_mode(struct parser *p, enum type ta, enum type tb, size_t pos)
{
	char buf[96];
	enum type lit;

	if (ta == T_BOOL || tb == T_BOOL)
		return fail(p, pos, "%s",
		            "a condition cannot be compared; use and/or");
	if (ta == T_COL && tb == T_COL)
		return M_DYN;
	lit = ta == T_COL ? tb : ta;
	if ((ta == T_COL || ta == lit) && (tb == T_COL || tb == lit))
		return lit == T_NUM ? M_NUM : lit == T_STR ? M_STR : M_DATE;
	(void)snprintf(buf, sizeof(buf), "cannot compare %s with %s",
	               type_name(ta), type_name(tb));
	return fail(p, pos, "%s", buf);
}

static int
parse_literal(struct parser *p)
{
	if (p->tok == TK_NUM || p->tok == TK_STR || p->tok == TK_DATE)
		return parse_primary(p);
	if (p->tok == TK_MINUS) {
		size_t pos = p->tpos;
		int i;

		next(p);
		if (p->tok != TK_NUM)
			return expected(p, "a number");
		i = parse_primary(p);
		node(p, i)->num = -node(p, i)->num;
		node(p, i)->pos = pos;
		return i;
	}
	return expected(p, "a number, string or date");
}

/* "in" "(" literal { "," literal } ")" after the value a. */
static int
parse_in(struct parser *p, int a, size_t pos)
{
	int first = -1, lit, n = 0, i;
	enum type t = T_NUM;

	next(p);
	if (p->tok != TK_LP)
		return expected(p, "'(' after in");
	do {
		next(p);
		if ((lit = parse_literal(p)) < 0)
			return -1;
		if (n == 0) {
			first = lit;
			t = node(p, lit)->type;
		} else if (node(p, lit)->type != t) {
			return fail(p, node(p, lit)->pos, "%s",
			            "the values in a list must be of one kind");
		}
		n++;
	} while (p->tok == TK_COMMA);
	if (p->tok != TK_RP)
		return expected(p, "',' or ')'");
	next(p);
	i = compare_mode(p, node(p, a)->type, t, pos);
	if (i < 0)
		return -1;
	lit = new_node(p, OP_IN, T_BOOL, pos);
	node(p, lit)->mode = (unsigned char)i;
	node(p, lit)->a = a;
	node(p, lit)->b = first;
	node(p, lit)->n = n;
	return lit;
}

static int
parse_compare(struct parser *p)
{
	static const enum token toks[] = {TK_LT, TK_LE, TK_GT,
	                                  TK_GE, TK_EQ, TK_NE};
	int a = parse_sum(p), b, i, mode;
	size_t k, pos;

	if (a < 0)
		return -1;
	pos = p->tpos;
	if (p->tok == TK_IN)
		return parse_in(p, a, pos);
	if (p->tok == TK_NOT) {
		next(p);
		if (p->tok != TK_IN)
			return expected(p, "in after not");
		if ((b = parse_in(p, a, pos)) < 0)
			return -1;
		i = new_node(p, OP_NOT, T_BOOL, pos);
		node(p, i)->a = b;
		return i;
	}
	for (k = 0; k < sizeof(toks) / sizeof(toks[0]); k++)
		if (p->tok == toks[k])
			break;
	if (k == sizeof(toks) / sizeof(toks[0]))
		return a;
	next(p);
	if ((b = parse_sum(p)) < 0)
		return -1;
	mode = compare_mode(p, node(p, a)->type, node(p, b)->type, pos);
	if (mode < 0)
		return -1;
	i = new_node(p, OP_CMP, T_BOOL, pos);
	node(p, i)->rel = (unsigned char)k;
	node(p, i)->mode = (unsigned char)mode;
	node(p, i)->a = a;
	node(p, i)->b = b;
	for (k = 0; k < sizeof(toks) / sizeof(toks[0]); k++)
		if (p->tok == toks[k])
			return fail(p, p->tpos, "%s",
			            "comparisons do not chain; use and");
	return i;
}

static int
need_condition(struct parser *p, int i)
{
	char buf[96];

	if (node(p, i)->type == T_BOOL)
		return 0;
	(void)snprintf(
	    buf, sizeof(buf),
	    "expected a condition, found %s (compare it with something)",
	    type_name(node(p, i)->type));
	return fail(p, node(p, i)->pos, "%s", buf);
}

static int
parse_not(struct parser *p)
{
	size_t pos = p->tpos;
	int a, i;

	if (p->tok != TK_NOT)
		return parse_compare(p);
	next(p);
	if ((a = parse_not(p)) < 0 || need_condition(p, a) < 0)
		return -1;
	i = new_node(p, OP_NOT, T_BOOL, pos);
	node(p, i)->a = a;
	return i;
}

static int
logical(struct parser *p, enum token tok, enum op op,
        int (*operand)(struct parser *))
{
	int a = operand(p), b, i;

	while (a >= 0 && p->tok == tok) {
		next(p);
		if ((b = operand(p)) < 0)
			return -1;
		if (need_condition(p, a) < 0 || need_condition(p, b) < 0)
			return -1;
		i = new_node(p, op, T_BOOL, node(p, a)->pos);
		node(p, i)->a = a;
		node(p, i)->b = b;
		a = i;
	}
	return a;
}

static int
parse_and(struct parser *p)
{
	return logical(p, TK_AND, OP_AND, parse_not);
}

static int
parse_or(struct parser *p)
{
	return logical(p, TK_OR, OP_OR, parse_and);
}

/* Parse src from offset start; the tree's root, or -1. */
static int
parse(struct expr_set *s, const char *src, size_t start, struct expr_error *err)
{
	struct parser p;
	int root;

	memset(&p, 0, sizeof(p));
	p.set = s;
	p.src = src;
	p.at = start;
	p.err = err;
	next(&p);
	if (p.tok == TK_END && !p.failed)
		root = fail(&p, p.tpos, "%s", "empty expression");
	else
		root = parse_or(&p);
	if (root >= 0 && p.tok != TK_END)
		root = fail(&p, p.tpos, "%s",
		            "unexpected text after the expression");
	free(p.text);
	return p.failed ? -1 : root;
}

static void
push_rule(struct expr_set *s, const char *name, size_t name_len,
          const char *src, int root, size_t first)
{
	grow_array((void **)&s->rules, &s->rcap, s->nrules + 1,
	           sizeof(*s->rules));
	s->rules[s->nrules].name = xmemdup(name, name_len);
	s->rules[s->nrules].src = xstrdup(src);
	s->rules[s->nrules].root = root;
	s->rules[s->nrules].first = first;
	s->rules[s->nrules].end = s->nnodes;
	s->nrules++;
}

/* Undo the nodes added by a failed parse. */
static void
drop_nodes(struct expr_set *s, size_t from)
{
	while (s->nnodes > from)
		free(s->nodes[--s->nnodes].str);
}

static int
add_parsed(struct expr_set *s, const char *name, size_t name_len,
           const char *src, size_t start, int need_bool, struct expr_error *err)
{
	size_t mark = s->nnodes;
	int root = parse(s, src, start, err);

	if (root >= 0 && need_bool && s->nodes[root].type != T_BOOL) {
		(void)snprintf(err->msg, sizeof(err->msg),
		               "a rule needs a condition, found %s",
		               type_name(s->nodes[root].type));
		err->pos = s->nodes[root].pos;
		root = -1;
	}
	if (root < 0) {
		drop_nodes(s, mark);
		return -1;
	}
	push_rule(s, name, name_len, src, root, mark);
	return 0;
}

int
expr_add(struct expr_set *s, const char *name, const char *src,
         struct expr_error *err)
{
	memset(err, 0, sizeof(*err));
	return add_parsed(s, name, strlen(name), src, 0, 0, err);
}

int
expr_add_rule(struct expr_set *s, const char *text, struct expr_error *err)
{
	const char *colon = strchr(text, ':');
	size_t b = 0, e;

	memset(err, 0, sizeof(*err));
	if (colon == NULL) {
		(void)snprintf(err->msg, sizeof(err->msg), "%s",
		               "a rule is 'NAME: EXPRESSION' (no ':' found)");
		err->pos = 0;
		return -1;
	}
	e = (size_t)(colon - text);
	while (b < e && isspace((unsigned char)text[b]))
		b++;
	while (e > b && isspace((unsigned char)text[e - 1]))
		e--;
	if (e == b) {
		(void)snprintf(err->msg, sizeof(err->msg), "%s",
		               "empty rule name before ':'");
		err->pos = (size_t)(colon - text);
		return -1;
	}
	return add_parsed(s, text + b, e - b, text, (size_t)(colon - text) + 1,
	                  1, err);
}

/* ---- binding ---- */

int
expr_bind(struct expr_set *s, int (*lookup)(void *ctx, const char *name),
          void *ctx, size_t *rule, struct expr_error *err)
{
	size_t i, r, nslots = strmap_count(s->slots);

	memset(err, 0, sizeof(*err));
	for (i = 0; i < nslots; i++) {
		s->col[i] = lookup(ctx, strmap_key(s->slots, i));
		s->num_gen[i] = s->day_gen[i] = 0;
	}
	/* report the first unknown column in rule order */
	for (r = 0; r < s->nrules; r++) {
		for (i = s->rules[r].first; i < s->rules[r].end; i++) {
			const struct node *n = &s->nodes[i];

			if ((n->op == OP_COL || n->op == OP_MISSING) &&
			    s->col[n->slot] < 0) {
				*rule = r;
				(void)snprintf(err->msg, sizeof(err->msg),
				               "unknown column '%s'",
				               strmap_key(s->slots, n->slot));
				err->pos = n->pos;
				return -1;
			}
		}
	}
	return 0;
}

/* ---- evaluation ---- */

static const char *
field(const struct expr_set *s, const struct expr_row *row, int slot,
      size_t *len)
{
	int c = s->col[slot];

	if (c < 0 || (size_t)c >= row->nfields) {
		*len = 0;
		return "";
	}
	*len = row->lens[c];
	return row->fields[c];
}

/* F_MISSING, F_NUMBER (value in *out) or F_TEXT, cached per row. */
static int
slot_number(struct expr_set *s, const struct expr_row *row, int slot,
            double *out)
{
	if (s->num_gen[slot] != s->gen) {
		size_t len;
		const char *f = field(s, row, slot, &len);

		s->num_gen[slot] = s->gen;
		if (len == 0)
			s->num_state[slot] = F_MISSING;
		else if (num_parse(f, len, &s->num_val[slot]) == 0)
			s->num_state[slot] = F_NUMBER;
		else
			s->num_state[slot] = F_TEXT;
	}
	*out = s->num_val[slot];
	return s->num_state[slot];
}

static void
bad_field(struct expr_set *s, const struct expr_row *row, int slot,
          const char *what)
{
	size_t len;
	const char *f = field(s, row, slot, &len);

	die(EXIT_DATA, "%s:%ld: column '%s': invalid %s '%.*s'", row->file,
	    row->line, strmap_key(s->slots, slot), what, (int)len, f);
}

/* 1 and *out, or 0 when missing. */
static int
eval_num(struct expr_set *s, int i, const struct expr_row *row, double *out)
{
	const struct node *n = &s->nodes[i];
	double x, y;

	switch (n->op) {
	case OP_NUM:
		*out = n->num;
		return 1;
	case OP_COL:
		switch (slot_number(s, row, n->slot, out)) {
		case F_NUMBER:
			return 1;
		case F_MISSING:
			return 0;
		default:
			bad_field(s, row, n->slot, "number");
		}
		return 0;
	case OP_NEG:
		if (!eval_num(s, n->a, row, &x))
			return 0;
		*out = -x;
		return 1;
	default:
		break;
	}
	if (!eval_num(s, n->a, row, &x) || !eval_num(s, n->b, row, &y))
		return 0;
	switch (n->op) {
	case OP_ADD:
		*out = x + y;
		return 1;
	case OP_SUB:
		*out = x - y;
		return 1;
	case OP_MUL:
		*out = x * y;
		return 1;
	default:
		if (y == 0)
			return 0;
		*out = x / y;
		return 1;
	}
}

/* A date operand: 1 and *day, or 0 when missing. */
static int
eval_date(struct expr_set *s, int i, const struct expr_row *row, int *day)
{
	const struct node *n = &s->nodes[i];
	int slot = n->slot;

	if (n->op == OP_DATE) {
		*day = n->day;
		return 1;
	}
	if (s->day_gen[slot] != s->gen) {
		size_t len;
		const char *f = field(s, row, slot, &len);

		s->day_gen[slot] = s->gen;
		if (len == 0)
			s->day_state[slot] = F_MISSING;
		else if (date_parse_iso(f, len, &s->day_val[slot]) == 0)
			s->day_state[slot] = F_NUMBER;
		else
			bad_field(s, row, slot, "date");
	}
	*day = s->day_val[slot];
	return s->day_state[slot] == F_NUMBER;
}

/* A text operand: the bytes, or NULL when missing. */
static const char *
eval_text(struct expr_set *s, int i, const struct expr_row *row, size_t *len)
{
	const struct node *n = &s->nodes[i];
	const char *f;

	if (n->op == OP_STR) {
		*len = n->len;
		return n->str;
	}
	f = field(s, row, n->slot, len);
	return *len ? f : NULL;
}

static int
order_text(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* -2 when either side is missing, else <0, 0, >0. */
static int
order(struct expr_set *s, enum mode mode, int a, int b,
      const struct expr_row *row)
{
	double x, y;
	int dx, dy;
	const char *ta, *tb;
	size_t la, lb;

	switch (mode) {
	case M_NUM:
		if (!eval_num(s, a, row, &x) || !eval_num(s, b, row, &y))
			return -2;
		return (x > y) - (x < y);
	case M_DATE:
		if (!eval_date(s, a, row, &dx) || !eval_date(s, b, row, &dy))
			return -2;
		return (dx > dy) - (dx < dy);
	case M_DYN: {
		int sa = slot_number(s, row, s->nodes[a].slot, &x);
		int sb = slot_number(s, row, s->nodes[b].slot, &y);

		if (sa == F_MISSING || sb == F_MISSING)
			return -2;
		if (sa == F_NUMBER && sb == F_NUMBER)
			return (x > y) - (x < y);
	}
		/* FALLTHROUGH */
	default:
		ta = eval_text(s, a, row, &la);
		tb = eval_text(s, b, row, &lb);
		if (ta == NULL || tb == NULL)
			return -2;
		return order_text(ta, la, tb, lb);
	}
}

static int
holds(enum rel rel, int c)
{
	switch (rel) {
	case R_LT:
		return c < 0;
	case R_LE:
		return c <= 0;
	case R_GT:
		return c > 0;
	case R_GE:
		return c >= 0;
	case R_EQ:
		return c == 0;
	default:
		return c != 0;
	}
}

/* 1 true, 0 false, -1 unknown. */
static int
eval_bool(struct expr_set *s, int i, const struct expr_row *row)
{
	const struct node *n = &s->nodes[i];
	int x, y, k, c;
	size_t len;

	switch (n->op) {
	case OP_CONST:
		return n->num != 0;
	case OP_MISSING:
		field(s, row, n->slot, &len);
		return len == 0;
	case OP_CMP:
		c = order(s, n->mode, n->a, n->b, row);
		return c == -2 ? -1 : holds(n->rel, c);
	case OP_IN:
		for (k = 0; k < n->n; k++) {
			c = order(s, n->mode, n->a, n->b + k, row);
			if (c == -2)
				return -1;
			if (c == 0)
				return 1;
		}
		return 0;
	case OP_NOT:
		x = eval_bool(s, n->a, row);
		return x < 0 ? -1 : !x;
	case OP_AND:
		x = eval_bool(s, n->a, row);
		if (x == 0)
			return 0;
		y = eval_bool(s, n->b, row);
		if (y == 0)
			return 0;
		return x < 0 || y < 0 ? -1 : 1;
	case OP_OR:
		x = eval_bool(s, n->a, row);
		if (x == 1)
			return 1;
		y = eval_bool(s, n->b, row);
		if (y == 1)
			return 1;
		return x < 0 || y < 0 ? -1 : 0;
	default:
		return -1;
	}
}

long
expr_match(struct expr_set *s, const struct expr_row *row)
{
	size_t r;

	s->gen++;
	for (r = 0; r < s->nrules; r++)
		if (eval_bool(s, s->rules[r].root, row) == 1)
			return (long)r;
	return -1;
}

int
expr_eval_rule(struct expr_set *s, size_t i, const struct expr_row *row)
{
	s->gen++;
	return eval_bool(s, s->rules[i].root, row);
}

int
expr_eval_number(struct expr_set *s, size_t i, const struct expr_row *row,
                 double *out)
{
	int root = s->rules[i].root;

	s->gen++;
	if (s->nodes[root].type != T_NUM && s->nodes[root].type != T_COL)
		return 0;
	return eval_num(s, root, row, out);
}

void
expr_show_caret(const char *src, size_t pos)
{
	size_t start = 0, i, len = strlen(src);

	if (pos > len)
		pos = len;
	for (i = 0; i < pos; i++)
		if (src[i] == '\n')
			start = i + 1;
	fputs("  ", stderr);
	for (i = start; src[i] != '\0' && src[i] != '\n'; i++)
		fputc(src[i] == '\t' || src[i] == '\r' ? ' ' : src[i], stderr);
	fputs("\n  ", stderr);
	for (i = start; i < pos; i++)
		if (((unsigned char)src[i] & 0xC0) != 0x80)
			fputc(' ', stderr);
	fputs("^\n", stderr);
}
