/*
 * expr.h - the rule language of rm-segment: compile once, test each row.
 *
 * A rule set is an ordered list of rules "NAME: EXPR".  Each expression is
 * parsed once into a tree whose column references are slots shared by the
 * whole set; expr_bind() resolves the slots to column indexes once per
 * input header, and expr_match() tests a row without allocating: a column
 * is parsed as a number (or a date) only when a rule needs it, at most
 * once per row.
 *
 * The grammar (EBNF; keywords are case-insensitive):
 *
 *	expr     = or ;
 *	or       = and { "or" and } ;
 *	and      = not { "and" not } ;
 *	not      = "not" not | compare ;
 *	compare  = sum [ cmpop sum | [ "not" ] "in" "(" literal
 *		   { "," literal } ")" ] ;
 *	cmpop    = "<" | "<=" | ">" | ">=" | "==" | "=" | "!=" | "<>" ;
 *	sum      = term { ( "+" | "-" ) term } ;
 *	term     = unary { ( "*" | "/" ) unary } ;
 *	unary    = "-" unary | primary ;
 *	primary  = number | string | date | column | "true" | "false"
 *		 | "missing" "(" column ")" | "(" expr ")" ;
 *	literal  = [ "-" ] number | string | date ;
 *	column   = name | "`" any characters but "`" "`" ;
 *	name     = letter-or-"_" { letter | digit | "_" | "." } ;
 *	date     = digit{4} "-" digit{2} "-" digit{2} ;   (e.g. 2024-01-31)
 *	string   = '"' ... '"' | "'" ... "'" ;  (\\ \" \' \t \n escapes)
 *
 * Values are missing when their field is empty.  A comparison (or "in")
 * with a missing operand is unknown; "not" of unknown is unknown; "and"
 * is false when either side is false, else unknown when either side is
 * unknown; "or" is true when either side is true, else unknown when
 * either is.  A rule matches only when its expression is true, so a
 * comparison with a missing value never matches, negated or not.
 * missing(col) is true or false, never unknown.  Arithmetic with a
 * missing operand, and division by zero, give a missing value.
 *
 * Comparisons: with a number (or arithmetic) on one side the column is
 * read as a number; with a date literal, as a YYYY-MM-DD date; with a
 * string, its text is compared byte by byte.  Two columns compare as
 * numbers when both fields are numbers, else as text.  A field that must
 * be a number or a date and is not ends the program with EXIT_DATA,
 * naming file, line, column and value.
 */
#ifndef RMKIT_EXPR_H
#define RMKIT_EXPR_H

#include <stddef.h>

struct expr_set;

/*
 * A compile or bind error: what, the byte offset in the source, and
 * whether it is a type error (well-formed, but e.g. text in arithmetic)
 * rather than a syntax error.
 */
struct expr_error {
	char msg[160];
	size_t pos;
	int type_error;
};

/* One row: the field pointers and lengths (tsv_row()), for messages the
 * file name and line. */
struct expr_row {
	const char *const *fields;
	const size_t *lens;
	size_t nfields;
	const char *file;
	long line;
};

/* A new, empty rule set. */
struct expr_set *expr_set_new(void);

/*
 * Compile the rule "NAME: EXPR" in text and append it to the set.
 * Returns 0, or -1 with *err set (err->pos is an offset into text).
 */
int expr_add_rule(struct expr_set *s, const char *text, struct expr_error *err);

/*
 * Compile src, an expression of any kind (a condition or arithmetic), and
 * append it as a rule called name (for tests and callers that evaluate
 * numbers).  expr_match() never selects a rule that is not a condition.
 */
int expr_add(struct expr_set *s, const char *name, const char *src,
             struct expr_error *err);

/* Number of rules and the name of rule i. */
size_t expr_nrules(const struct expr_set *s);
const char *expr_rule_name(const struct expr_set *s, size_t i);

/*
 * Resolve every column the rules use: lookup(ctx, name) gives a column
 * index or -1.  Returns 0, or -1 with *rule set to the rule that uses the
 * first unknown column, err->msg naming it and err->pos its offset in
 * that rule's source.
 */
int expr_bind(struct expr_set *s, int (*lookup)(void *ctx, const char *name),
              void *ctx, size_t *rule, struct expr_error *err);

/*
 * The index of the first rule whose expression is true for row, or -1
 * when none is.  Dies with EXIT_DATA for a field that must be a number
 * or a date and is not.
 */
long expr_match(struct expr_set *s, const struct expr_row *row);

/*
 * The three-valued result of rule i for row: 1 true, 0 false, -1
 * unknown (for tests).
 */
int expr_eval_rule(struct expr_set *s, size_t i, const struct expr_row *row);

/*
 * Evaluate rule i as a number (an arithmetic expression): returns 1 and
 * sets *out, or 0 when the value is missing or the rule is a condition
 * (for tests).
 */
int expr_eval_number(struct expr_set *s, size_t i, const struct expr_row *row,
                     double *out);

/* Free the set.  NULL is allowed. */
void expr_set_free(struct expr_set *s);

/*
 * Print src and under it a caret at byte offset pos to stderr, indented
 * by two spaces (tabs shown as spaces, UTF-8 counted as characters).
 */
void expr_show_caret(const char *src, size_t pos);

#endif
