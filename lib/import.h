/*
 * import.h - turn CSV/TSV exports into rmkit events or account tables.
 *
 * An import is configured once (column mapping, event type, --also
 * rules, value maps, date and number styles), then fed files one by one.
 * Each file has its own header; the mapping is resolved to column indexes
 * once per file.  Every data row becomes zero or more output rows, or is
 * rejected with a reason: rejected rows go to the rejects file (with file,
 * line, reason and the original record) or, without one, the first few to
 * stderr.  Nothing is dropped silently.
 *
 * Configuration goes through import_map() and import_option(), which are
 * also what map files and presets (preset.h) are made of: a map file has
 * lines "canonical<TAB>source column" and "--option<TAB>value" (see
 * import_load_map()).
 */
#ifndef RMKIT_IMPORT_H
#define RMKIT_IMPORT_H

#include <stdio.h>

/* What an import writes. */
enum import_mode {
	IMPORT_EVENTS,   /* account date type value ref kind [kept...] */
	IMPORT_ACCOUNTS, /* account and the mapped account columns [kept...] */
	IMPORT_RAW       /* every source column (or the kept ones), as TSV */
};

/* Input formats: decided by option, else file name, else content. */
enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_TSV };

struct import;

/* Counts after the files were read. */
struct import_counts {
	unsigned long long rows;     /* data rows read (headers excluded) */
	unsigned long long rejected; /* rows rejected */
	unsigned long long skipped;  /* rows the type map sent to "-" */
	unsigned long long written;  /* output rows written */
};

/* A new import writing events, with no mapping yet. */
struct import *import_new(void);

/*
 * Map the source column called source to the canonical column canon
 * (account, date, type, value, ref, kind, quantity for events; account,
 * name, owner, segment, tier, industry, region, start, renewal, arr for
 * account tables).  A later mapping of the same canon replaces the
 * earlier one.  Returns 0, or -1 with a message in err.
 */
int import_map(struct import *im, const char *canon, const char *source,
               char *err, size_t errsize);

/*
 * Set an option by its long name, without the dashes, as on the command
 * line: type, type-from, type-map, value-map, kind-map, kind, also, keep,
 * accounts, raw, dmy, excel-dates, decimal-comma, latin1 (the last six
 * take no value; value is then ignored).  Returns 0, or -1 with a message
 * in err (also for an unknown name).
 */
int import_option(struct import *im, const char *name, const char *value,
                  char *err, size_t errsize);

/*
 * Read a map file's text (NUL terminated): one "canonical<TAB>source"
 * or "--option<TAB>value" ("--accounts" alone) per line; blank lines and
 * lines starting with '#' are ignored; "\\t" in a source column name
 * stands for a TAB.  name is used in messages.  Returns 0, or -1 with
 * "name:LINE: what is wrong" in err.
 */
int import_load_map(struct import *im, const char *text, const char *name,
                    char *err, size_t errsize);

/*
 * Check that the configuration is complete (events need account, date
 * and a type; account tables an account column).  Returns 0, or -1 with
 * a message in err.
 */
int import_check(const struct import *im, char *err, size_t errsize);

/* The mode chosen by the options. */
enum import_mode import_get_mode(const struct import *im);

/*
 * Input settings: format, CSV delimiter (0: sniff), record size bound (0:
 * the default).
 */
void import_set_input(struct import *im, enum import_format format, char delim,
                      size_t max_record);

/*
 * Where rejected rows go: a TSV file with the header
 * "file line reason record" (record: the original input, escaped), named
 * name in messages.  Without it (f NULL) the first max_stderr rejected
 * rows are reported on stderr.
 */
void import_set_rejects(struct import *im, FILE *f, unsigned max_stderr);

/* Start progress reports (cli.h) while importing. */
void import_set_progress(struct import *im, int mode);

/*
 * Import one file ("-" for stdin) into out, writing the output header
 * first if not yet written.  A file that cannot be used at all (no
 * header, a mapped column missing) ends the program with EXIT_DATA and a
 * message naming the file; bad rows are rejected and counted.  A large
 * file is parsed on a second thread (recpipe.h; RMKIT_THREADS=1 keeps
 * one): the output and the messages are the same.
 */
void import_file(struct import *im, const char *path, FILE *out);

/* Write the output header if no file did (an import of no rows). */
void import_finish(struct import *im, FILE *out);

/* The counts so far. */
struct import_counts import_get_counts(const struct import *im);

/* Free the import.  NULL is allowed. */
void import_free(struct import *im);

#endif
