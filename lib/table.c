/*
 * table.c - an account table held in memory.
 *
 * Each row is an array of cell pointers, as long as the table was wide
 * when the row was last written; cells are copied (NUL-terminated) into
 * large arena blocks, which costs no hashing and no malloc per cell.  A
 * row's first array comes from the same blocks (no malloc per row
 * either); only an array that must grow later is malloc'd, and marked
 * as owned.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "strmap.h"
#include "table.h"
#include "tsv.h"
#include "xalloc.h"

/* Bad rows reported one by one before they are only counted. */
#define MAX_REPORTED 20

struct row {
	const char **cells;
	size_t ncells;
	int owned; /* cells was malloc'd (not in a block) */
};

struct cell_block {
	struct cell_block *next;
	size_t used, size;
	char data[];
};

/* Cell blocks after the first, header included: one huge page. */
#define HUGE_PAGE ((size_t)2 << 20)
#define CELL_BLOCK (HUGE_PAGE - sizeof(struct cell_block))
#define FIRST_BLOCK ((size_t)64 << 10)

struct table {
	char *key;
	int key_col;
	struct strmap *cols;	/* column name -> index */
	struct strmap *keys;	/* key -> row index */
	struct cell_block *cells; /* cell strings, newest block first */
	struct row *rows;
	size_t nrows, cap;
	unsigned long bad;
};

struct table *
table_new(const char *key)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->key = key ? xstrdup(key) : NULL;
	t->cols = strmap_new();
	t->key_col = -1;
	if (key) {
		t->keys = strmap_new();
		t->key_col = table_add_column(t, key);
	}
	return t;
}

size_t
table_ncols(const struct table *t)
{
	return strmap_count(t->cols);
}

const char *
table_colname(const struct table *t, size_t i)
{
	return i < strmap_count(t->cols) ? strmap_key(t->cols, i) : "";
}

int
table_column(const struct table *t, const char *name)
{
	return (int)strmap_find(t->cols, name, strlen(name));
}

int
table_add_column(struct table *t, const char *name)
{
	return (int)strmap_intern(t->cols, name, strlen(name), NULL);
}

size_t
table_nrows(const struct table *t)
{
	return t->nrows;
}

const char *
table_cell(const struct table *t, size_t row, int col)
{
	const struct row *r;

	if (col < 0 || row >= t->nrows)
		return "";
	r = &t->rows[row];
	if ((size_t)col >= r->ncells || r->cells[col] == NULL)
		return "";
	return r->cells[col];
}

/*
 * bytes for a cell block: whole huge pages, advised to be used as such
 * (a big table costs a page fault per 2 MiB instead of per 4 KiB).
 */
static void *
block_alloc(size_t bytes)
{
	void *m = xmalloc_huge_aligned(bytes);

	advise_huge_pages(m, bytes);
	return m;
}

/*
 * len bytes from the cell arena, starting at a multiple of align (a
 * power of two, at most 8).
 */
static char *
arena_take(struct table *t, size_t len, size_t align)
{
	struct cell_block *b = t->cells;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	char *p;

	if (b == NULL || at > b->size || b->size - at < len) {
		/* the first block small, for the many small tables */
		size_t size = b == NULL ? FIRST_BLOCK : CELL_BLOCK;

		if (size < len)
			size = len;
		b = b == NULL ? xmalloc(sizeof(*b) + size)
			      : block_alloc(sizeof(*b) + size);
		b->next = t->cells;
		b->used = 0;
		b->size = size;
		t->cells = b;
		at = 0;
	}
	p = b->data + at;
	b->used = at + len;
	return p;
}

/* A NUL-terminated copy of the len bytes at s, in the cell arena. */
static const char *
cell_copy(struct table *t, const char *s, size_t len)
{
	char *p = arena_take(t, len + 1, 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* Make row r's array of cells as wide as the table, new cells NULL. */
static void
widen_row(struct table *t, struct row *r)
{
	size_t n = table_ncols(t), i;

	if (r->cells == NULL) {
		r->cells = (const char **)arena_take(t, n * sizeof(*r->cells),
		                                     sizeof(*r->cells));
		r->owned = 0;
	} else if (r->owned) {
		r->cells = xreallocarray(r->cells, n, sizeof(*r->cells));
	} else {
		const char **cells = xreallocarray(NULL, n, sizeof(*cells));

		memcpy(cells, r->cells, r->ncells * sizeof(*cells));
		r->cells = cells;
		r->owned = 1;
	}
	for (i = r->ncells; i < n; i++)
		r->cells[i] = NULL;
	r->ncells = n;
}

static void
set_cell(struct table *t, size_t row, int col, const char *s, size_t len)
{
	struct row *r = &t->rows[row];

	if (r->cells == NULL || (size_t)col >= r->ncells)
		widen_row(t, r);
	r->cells[col] = cell_copy(t, s, len);
}

void
table_set(struct table *t, size_t row, int col, const char *value)
{
	if (col >= 0 && row < t->nrows)
		set_cell(t, row, col, value, strlen(value));
}

static size_t
new_row(struct table *t)
{
	grow_array((void **)&t->rows, &t->cap, t->nrows + 1, sizeof(*t->rows));
	t->rows[t->nrows].cells = NULL;
	t->rows[t->nrows].ncells = 0;
	t->rows[t->nrows].owned = 0;
	return t->nrows++;
}

long
table_find(struct table *t, const char *key, size_t len, int add)
{
	int added;
	size_t id;
	long found;

	if (t->keys == NULL)
		return -1;
	if (!add) {
		found = strmap_find(t->keys, key, len);
		return found;
	}
	id = strmap_intern(t->keys, key, len, &added);
	if (added) {
		size_t row = new_row(t);

		set_cell(t, row, t->key_col, key, len);
		return (long)row;
	}
	return (long)id;
}

/*
 * Whether the n fields lie one after the other in one buffer, each
 * followed by its NUL: the reader's line, once its tabs are cut.
 */
static int
fields_adjoin(const char *const *f, const size_t *len, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (f[i] != f[i - 1] + len[i - 1] + 1)
			return 0;
	return 1;
}

/*
 * Set the cells of row from the reader's current row (file column i to
 * table column map[i]), all of them when empty_too, else the non-empty
 * ones.  The whole line is copied at once when its fields adjoin, and
 * the cells point into the copy; else each cell is copied.
 */
static void
set_row(struct table *t, size_t row, struct tsv_reader *r, const int *map,
        int empty_too)
{
	const size_t *len;
	const char *const *f = tsv_row(r, &len);
	size_t n = tsv_nfields(r), i;
	struct row *w = &t->rows[row];
	size_t span;
	char *copy;

	if (n == 0)
		return;
	if (!fields_adjoin(f, len, n)) {
		for (i = 0; i < n; i++)
			if (len[i] > 0 || empty_too)
				set_cell(t, row, map[i], f[i], len[i]);
		return;
	}
	span = (size_t)(f[n - 1] + len[n - 1] + 1 - f[0]);
	copy = arena_take(t, span, 1);
	memcpy(copy, f[0], span);
	if (w->cells == NULL || w->ncells < table_ncols(t))
		widen_row(t, w);
	for (i = 0; i < n; i++)
		if (len[i] > 0 || empty_too)
			w->cells[map[i]] = copy + (f[i] - f[0]);
}

static void
bad_row(struct table *t, struct tsv_reader *r, const char *what)
{
	if (++t->bad <= MAX_REPORTED)
		warn("%s:%ld: %s", tsv_name(r), tsv_lineno(r), what);
}

/* Rows read before the rest of a file's rows are reckoned from them. */
#define SAMPLE_ROWS 1024

/*
 * Make room at once for the rows r's plain file likely holds, reckoned
 * from the bytes its first rows took: from offset first, where they
 * began, to where r is now (the table had had rows before them).  The
 * key map and the row array then are not grown (copied, and new memory
 * touched) at each doubling.  Nothing for other inputs (tsv_offset() or
 * tsv_size() is -1); a guess too small leaves the rest to grow.
 */
static void
reserve_rows(struct table *t, struct tsv_reader *r, long long first, size_t had)
{
	long long at = tsv_offset(r), size = tsv_size(r);
	double per_row;
	size_t n;

	if (first < 0 || at <= first || size < 0 || t->nrows <= had)
		return;
	per_row = (double)(at - first) / (double)(t->nrows - had);
	n = had + (size_t)((double)size / per_row * 1.05) + 16;
	if (t->keys)
		strmap_reserve(t->keys, n);
	if (n > t->cap) {
		t->rows = xreallocarray(t->rows, n, sizeof(*t->rows));
		t->cap = n;
	}
}

void
table_read(struct table *t, const char *path)
{
	struct tsv_reader *r = tsv_open(path);
	size_t ncols = tsv_ncols(r), i, had = t->nrows, lines = 0;
	int *map, key = -1, rc;
	long long first;

	if (ncols == 0) {
		tsv_close(r);
		return;
	}
	map = xcalloc(ncols, sizeof(*map));
	for (i = 0; i < ncols; i++)
		map[i] = table_add_column(t, tsv_colname(r, i));
	if (t->key) {
		key = tsv_column(r, t->key);
		if (key < 0)
			die(EXIT_DATA, "%s: no column '%s' in the header",
			    tsv_name(r), t->key);
	}
	first = tsv_offset(r);
	while ((rc = tsv_next(r)) != 0) {
		size_t row;

		if (++lines == SAMPLE_ROWS)
			reserve_rows(t, r, first, had);
		if (rc < 0) {
			bad_row(t, r, tsv_error(r));
			continue;
		}
		if (key >= 0) {
			if (tsv_field_len(r, key) == 0) {
				bad_row(t, r, "empty key column");
				continue;
			}
			row = (size_t)table_find(t, tsv_field(r, key),
						 tsv_field_len(r, key), 1);
		} else {
			row = new_row(t);
		}
		set_row(t, row, r, map, key < 0);
	}
	if (t->bad > MAX_REPORTED)
		warn("%s: %lu bad rows in all", tsv_name(r), t->bad);
	free(map);
	tsv_close(r);
}

unsigned long
table_bad_rows(const struct table *t)
{
	return t->bad;
}

void
table_free(struct table *t)
{
	struct cell_block *b, *next;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].owned)
			free(t->rows[i].cells);
	free(t->rows);
	for (b = t->cells; b; b = next) {
		next = b->next;
		free(b);
	}
	strmap_free(t->cols);
	strmap_free(t->keys);
	free(t->key);
	free(t);
}
