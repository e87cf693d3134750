/*
 * table.h - an account table held in memory.
 *
 * Several TSV files may be added; their columns are united by name in the
 * order first seen, and a row lacking a column reads "" (missing) there.
 * With a key column (normally "account"), rows with the same key are one
 * row: a later file's non-empty cells replace earlier ones, so rm-health
 * output and an rm-segment output for the same accounts join into one
 * table.  Cells are kept exactly as read (escaped).
 *
 * Bad rows (wrong field count, NUL byte, text that is not UTF-8, empty
 * key) are reported as "FILE:LINE: what" and counted; the caller exits
 * with EXIT_DATA when table_bad_rows() is not 0.
 */
#ifndef RMKIT_TABLE_H
#define RMKIT_TABLE_H

#include <stddef.h>

struct table;

/*
 * A new, empty table.  key names the key column, or is NULL for a table
 * whose rows are kept as they come (no merging).
 */
struct table *table_new(const char *key);

/*
 * Read the TSV file at path ("-" for stdin, gzip allowed) into t.  With a
 * key, a file that lacks the key column ends the program with EXIT_DATA.
 */
void table_read(struct table *t, const char *path);

/* Columns: count, name of column i, index of a name (-1 when absent). */
size_t table_ncols(const struct table *t);
const char *table_colname(const struct table *t, size_t i);
int table_column(const struct table *t, const char *name);

/*
 * Add a column called name (returns its index; an existing column's index
 * when there is one already).
 */
int table_add_column(struct table *t, const char *name);

/* Number of rows, in the order their keys (or rows) were first seen. */
size_t table_nrows(const struct table *t);

/* The cell of row in column col; "" when col is negative or unset. */
const char *table_cell(const struct table *t, size_t row, int col);

/* Set a cell (the value is copied). */
void table_set(struct table *t, size_t row, int col, const char *value);

/*
 * The row whose key is the len bytes at key, or -1.  With add set, a
 * missing key gets a new row (all other cells empty) whose index is
 * returned.  Only for tables with a key.
 */
long table_find(struct table *t, const char *key, size_t len, int add);

/* Bad rows met by table_read() so far. */
unsigned long table_bad_rows(const struct table *t);

/* Free the table.  NULL is allowed. */
void table_free(struct table *t);

#endif
