/*
 * event.h - the event vocabulary and a reader for event streams.
 *
 * An event stream is TSV with the columns account, date and type, and the
 * optional value, ref and kind (DESIGN.md, "Event stream").  The reader
 * takes several files, each with its own header, matched by column name;
 * it parses dates and values and checks them against the vocabulary:
 *
 *	mrr, invoice, payment, nps, csat, sla, delivery, usage  need a value
 *	nps 0..10, csat 1..5, sla 0 or 1, ticket severity 1..4
 *	mrr, order, invoice, payment, opportunity, won, lost, renewal_due,
 *	renewed, usage  must not be negative
 *
 * A row that breaks a rule is reported as "FILE:LINE: column 'C': what"
 * and counted, and the reader goes on with the next row (the caller exits
 * with EXIT_DATA at the end when any row was bad).  Rows of a type outside
 * the vocabulary are counted per type and reported once, at the end, and
 * are not errors.
 */
#ifndef RMKIT_EVENT_H
#define RMKIT_EVENT_H

#include <stddef.h>

enum event_type {
	EV_MRR,
	EV_ORDER,
	EV_USAGE,
	EV_TOUCH,
	EV_TICKET,
	EV_TICKET_CLOSED,
	EV_INVOICE,
	EV_PAYMENT,
	EV_NPS,
	EV_CSAT,
	EV_OPPORTUNITY,
	EV_WON,
	EV_LOST,
	EV_RENEWAL_DUE,
	EV_RENEWED,
	EV_MILESTONE,
	EV_DELIVERY,
	EV_SLA,
	EV_ESCALATION,
	EV_ESCALATION_CLOSED,
	EV_NTYPES
};

/* The name of a type ("ticket_closed"). */
const char *event_type_name(enum event_type type);

/* The type called name (len bytes), or -1 when there is none. */
int event_type_parse(const char *name, size_t len);

/* What event_value_check() finds wrong with a value. */
enum event_value_fault {
	EVENT_VALUE_OK,
	EVENT_VALUE_MISSING,	/* the type needs a value */
	EVENT_VALUE_NEGATIVE,	/* the type's values are never negative */
	EVENT_VALUE_RANGE	/* nps 0..10, csat 1..5, sla 0/1, ticket 1..4 */
};

/*
 * Check a value against the vocabulary's rules for its type (see above);
 * has_value 0 means the value field is empty.  rm-import and the event
 * reader share this check, so every stream rm-import writes is valid
 * input for the other programs.
 */
enum event_value_fault event_value_check(enum event_type type, int has_value,
					 double value);

/*
 * One event.  The strings point into the reader's line buffer and are
 * valid until the next event_next(); they are NUL terminated and still
 * escaped (a key compares equal in any program).  Missing ref and kind are
 * "" with length 0.
 */
struct event {
	const char *account;
	size_t account_len;
	int day;		/* day number (date.h) */
	enum event_type type;
	int has_value;		/* 0 when the value field is empty */
	double value;		/* 0 when has_value is 0 */
	const char *ref;
	size_t ref_len;
	const char *kind;
	size_t kind_len;
	const char *file;	/* for messages */
	long line;
};

struct event_reader;

/*
 * Open the event streams named in paths (npaths of them; none means
 * stdin).  Files are read one after the other when event_next() reaches
 * them; a file without an account, date or type column ends the program
 * with EXIT_DATA.
 */
struct event_reader *event_reader_open(char *const *paths, int npaths);

/*
 * Read the next valid event into *ev.  Returns 1, or 0 when every input
 * is exhausted.  Bad rows are reported and skipped as described above.
 */
int event_next(struct event_reader *r, struct event *ev);

/*
 * Report, for each type outside the vocabulary, one line saying how many
 * rows had it and where the first was, when quiet is 0.
 */
void event_reader_report_unknown(struct event_reader *r, int quiet);

/* Number of bad rows so far. */
unsigned long event_reader_bad_rows(const struct event_reader *r);

/* Number of valid events delivered and bytes read so far. */
unsigned long long event_reader_count(const struct event_reader *r);
unsigned long long event_reader_bytes(const struct event_reader *r);

/* The latest event date seen so far, or INT_MIN when there was none. */
int event_reader_max_day(const struct event_reader *r);

/*
 * Readers for parts of r's input, to be read on several threads: when r
 * reads one plain (not compressed) regular file of at least min_bytes
 * with LF or CRLF line ends and has not been read yet, the file's rows
 * are cut into up to n consecutive parts of about equal size, each after
 * the first beginning at a line whose account differs from the line
 * before (so a file grouped by account puts each account in one part).
 * Returns the number of parts (at least 2) with their readers in parts[]
 * (room for n), or 0 when the input does not split (stdin, several
 * files, gzip, a small file, bare-CR line ends, no account change within
 * 16 MB of a cut); r itself is not changed.  The files are opened with
 * their headers read here: a missing column ends the program as
 * event_next() would.
 *
 * A part is strict: at the first row that is not a valid event of a
 * known type it stops (event_next() returns 0) without a message, and
 * event_reader_gave_up() is 1; the caller then reads r as usual, which
 * reports the row.  Line numbers of parts after the first are not the
 * file's.
 */
int event_reader_split(const struct event_reader *r, int n,
                       long long min_bytes, struct event_reader **parts);

/* Whether a part (event_reader_split()) stopped at a row it refuses. */
int event_reader_gave_up(const struct event_reader *r);

/*
 * Count the events, bytes and latest date of a part read to its end into
 * r, so that r answers event_reader_count(), _bytes() and _max_day() as
 * if it had read them.
 */
void event_reader_add_counts(struct event_reader *r,
                             const struct event_reader *part);

/*
 * Close the reader.  Returns the number of bad rows, so a caller can end
 * with EXIT_DATA when it is not 0.
 */
unsigned long event_reader_close(struct event_reader *r);

#endif
