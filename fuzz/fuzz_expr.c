/*
 * fuzz_expr.c - libFuzzer harness for the rm-segment rule language
 * (expr.h).
 *
 * Input: rule lines, then optionally a line "%%" and a TSV header and
 * rows to test them on (without it, a fixed table is used).  A line with
 * a ':' is added as a rule "NAME: EXPR", any other as a bare expression
 * (expr_add).  A compile error must point inside its source; bound rules
 * are evaluated on every row with expr_match(), expr_eval_rule() and
 * expr_eval_number().  A field that is not a number where one is needed
 * ends the program (die), which the harness catches.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "fuzz_util.h"

#define MAXCOLS 16
#define MAXROWS 16

static const char default_table[] =
    "account\tarr\tdate\tsegment\tx y\tscore\n"
    "a1\t1200.50\t2024-01-31\tsmb\t\t3\n"
    "a2\t\t2023-12-01\tenterprise\tz\t-1e3\n"
    "a3\t0\t\tmid\\tmarket\t7\t0\n";

struct table {
	char *text;
	const char *header[MAXCOLS];
	size_t ncols;
	const char *cells[MAXROWS][MAXCOLS];
	size_t lens[MAXROWS][MAXCOLS];
	size_t nfields[MAXROWS];
	size_t nrows;
};

/* Split text (owned by t) into a header and rows of TAB-separated cells. */
static void
table_split(struct table *t)
{
	char *line = t->text, *next;
	size_t r = 0;

	for (; line && *line; line = next) {
		char *cell = line, *tab;
		size_t n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		for (; cell && n < MAXCOLS; cell = tab) {
			tab = strchr(cell, '\t');
			if (tab)
				*tab++ = '\0';
			if (r == 0)
				t->header[n++] = cell;
			else {
				t->cells[r - 1][n] = cell;
				t->lens[r - 1][n++] = strlen(cell);
			}
		}
		if (r == 0)
			t->ncols = n;
		else
			t->nfields[r - 1] = n;
		if (++r > MAXROWS)
			break;
	}
	t->nrows = r > 0 ? r - 1 : 0;
	/* rows as the TSV reader gives them: as many fields as the header */
	for (r = 0; r < t->nrows; r++) {
		size_t n;

		for (n = t->nfields[r]; n < t->ncols; n++) {
			t->cells[r][n] = "";
			t->lens[r][n] = 0;
		}
		t->nfields[r] = t->ncols;
	}
}

static int
lookup(void *ctx, const char *name)
{
	const struct table *t = ctx;
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
}

/* Add each line of rules to s; returns the number of compile errors. */
static void
add_rules(struct expr_set *s, char *rules)
{
	char *line, *next;
	struct expr_error err;
	int rc;

	for (line = rules; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strchr(line, ':'))
			rc = expr_add_rule(s, line, &err);
		else
			rc = expr_add(s, "x", line, &err);
		if (rc != 0) {
			if (err.pos > strlen(line))
				fuzz_fail("an error position past the source");
			if (memchr(err.msg, '\0', sizeof(err.msg)) == NULL)
				fuzz_fail("an error message not terminated");
			expr_show_caret(line, err.pos);
		}
	}
}

static struct expr_set *volatile live_set;
static char *volatile live_rules;
static struct table *volatile live_table;

static void
release(void)
{
	expr_set_free(live_set);
	live_set = NULL;
	free(live_rules);
	live_rules = NULL;
	if (live_table)
		free(live_table->text);
	free(live_table);
	live_table = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *rest;
	size_t restlen, i, k, rule;
	char *head;
	struct expr_set *s;
	struct table *t;
	struct expr_error err;

	fuzz_split(data, size, &head, &rest, &restlen);
	t = calloc(1, sizeof(*t));
	live_table = t;
	if (head == NULL) {
		head = strndup((const char *)data, size);
		t->text = strdup(default_table);
	} else
		t->text = strndup((const char *)rest, restlen);
	live_rules = head;
	table_split(t);
	s = expr_set_new();
	live_set = s;

	fuzz_catch_exit();
	if (setjmp(fuzz_jmp)) { /* a field that is not a number: fine */
		release();
		return 0;
	}
	add_rules(s, head);
	for (i = 0; i < expr_nrules(s); i++)
		(void)expr_rule_name(s, i);
	if (expr_bind(s, lookup, t, &rule, &err) == 0) {
		for (k = 0; k < t->nrows; k++) {
			struct expr_row row = {t->cells[k], t->lens[k],
			                       t->nfields[k], "fuzz", (long)k + 2};
			long m = expr_match(s, &row);
			double v;

			if (m < -1 || m >= (long)expr_nrules(s))
				fuzz_fail("expr_match gave no rule index");
			if (m >= 0 && expr_eval_rule(s, (size_t)m, &row) != 1)
				fuzz_fail("expr_match chose a rule that is "
				          "not true");
			for (i = 0; i < expr_nrules(s); i++) {
				int e = expr_eval_rule(s, i, &row);

				if (e < -1 || e > 1)
					fuzz_fail("a rule is not true, false "
					          "or unknown");
				if (m >= 0 && i < (size_t)m && e == 1)
					fuzz_fail("expr_match skipped a true "
					          "rule");
				(void)expr_eval_number(s, i, &row, &v);
			}
		}
	} else if (rule >= expr_nrules(s))
		fuzz_fail("expr_bind names no rule");
	release();
	return 0;
}
