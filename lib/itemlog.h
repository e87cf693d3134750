/*
 * itemlog.h - records kept aside in partitions, on disk once they are many.
 *
 * A program that must remember something per record of an input that
 * grows without bound (rm-report's paired items: a ticket and its
 * ticket_closed may be any distance apart) can append the records here
 * instead, each to the partition its hash picks, and go through them a
 * partition at a time at the end: memory then holds one partition, not
 * all of them.  This is how sort(1) keeps its memory fixed: the records
 * stay in memory up to ITEMLOG_MEMORY bytes; beyond that, they are
 * written to an unnamed temporary file in $TMPDIR (else /tmp), which is
 * removed as it is made, so nothing is left behind, even by a crash.
 *
 * The log holds bytes: the caller chooses the records' layout and finds
 * their ends when reading them back.  A partition gives back its records
 * in the order they were added.
 */
#ifndef RMKIT_ITEMLOG_H
#define RMKIT_ITEMLOG_H

#include <stddef.h>
#include <stdint.h>

/* Partitions of a log (a power of two). */
#define ITEMLOG_PARTS 256

/*
 * Bytes of records a log holds in memory before it writes them out, as
 * well as a buffer per partition (a 512th of that, from 64 to 8192 bytes
 * each: 2 MiB for the default).
 */
#define ITEMLOG_MEMORY ((size_t)4 << 20)

/*
 * The bytes a new log holds: $RMKIT_ITEM_MEMORY when it is set to a
 * number, else ITEMLOG_MEMORY.  For tests, which set it to 0 to take the
 * path through the disk on small inputs: then every full buffer is
 * written out at once.
 */
size_t itemlog_memory(void);

struct itemlog;

/* A new, empty log; nothing is allocated on disk until it is needed. */
struct itemlog *itemlog_new(void);

/*
 * Append a record, the head_len bytes at head followed by the body_len
 * bytes at body (body may be NULL when body_len is 0: a record in two
 * pieces is not copied together first), to the partition hash picks
 * (hash % ITEMLOG_PARTS: the caller's hash of the record's key, so that
 * all of a key's records meet in one partition).  A failure to write the
 * temporary file ends the program (EXIT_SYSTEM).
 */
void itemlog_add(struct itemlog *l, uint32_t hash, const void *head,
                 size_t head_len, const void *body, size_t body_len);

/* Bytes added so far, in all partitions. */
unsigned long long itemlog_bytes(const struct itemlog *l);

/* Whether any of the records have been written to disk. */
int itemlog_spilled(const struct itemlog *l);

/*
 * The records of partition part (0 .. ITEMLOG_PARTS - 1), one after the
 * other in the order of adding, as *len bytes: the pointer is valid until
 * the next itemlog_part() or itemlog_free() (NULL with *len 0 when the
 * partition is empty).  A failure to read the temporary file ends the
 * program (EXIT_SYSTEM).
 */
const char *itemlog_part(struct itemlog *l, size_t part, size_t *len);

/* Free the log and close its temporary file.  NULL is allowed. */
void itemlog_free(struct itemlog *l);

#endif
