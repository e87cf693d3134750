/*
 * evpipe.h - read events on a second thread.
 *
 * Parsing and checking events (event.h) costs about as much as a
 * program's own work on them; evpipe runs event_next() on its own thread,
 * which hands the events over in batches, so the two overlap on a
 * machine with more than one processor.  The events come out in exactly
 * the order event_next() gives them, so results do not change.
 *
 * The events can also be split by account into parts, one per consumer
 * thread (evpipe_start_parts()): every event of an account goes to the
 * same part, in the order event_next() gives them.
 *
 * Bad rows are reported by the reading thread as event_next() does; an
 * error that ends the program (die) ends it from that thread.
 */
#ifndef RMKIT_EVPIPE_H
#define RMKIT_EVPIPE_H

#include "cli.h"
#include "event.h"

struct evpipe;

/*
 * Start reading r on a new thread (progress, in this mode, is reported
 * from it).  When a thread cannot be started, events are read on the
 * calling thread instead.
 */
struct evpipe *evpipe_start(struct event_reader *r, enum progress_mode mode);

/*
 * The same, with the events split by account into nparts parts, each
 * read by its own consumer with evpipe_next_part() (the consumers must
 * run at the same time: a full part holds the reader up).  When the
 * thread cannot be started there is one part (evpipe_parts()).
 */
struct evpipe *evpipe_start_parts(struct event_reader *r,
                                  enum progress_mode mode, int nparts);

/* The number of parts. */
int evpipe_parts(const struct evpipe *p);

/*
 * The next event of part (0 .. evpipe_parts() - 1), as for
 * evpipe_next().  Each part must be read by one thread only.
 */
int evpipe_next_part(struct evpipe *p, int part, struct event *ev);

/*
 * The event ahead places after the one evpipe_next_part() gave last
 * (ahead >= 1), when it is in the batch at hand: returns 1, else 0.  For
 * fetching state ahead (kpi_ahead_begin()): its strings stay valid only
 * until the next evpipe_next_part().
 */
int evpipe_peek_part(struct evpipe *p, int part, size_t ahead,
                     struct event *ev);

/*
 * The next event, as event_next() would give it: returns 1, or 0 at the
 * end.  Strings in *ev are valid until the next call.
 */
int evpipe_next(struct evpipe *p, struct event *ev);

/*
 * Wait for the reading thread and free p.  The event reader itself stays
 * open (event_reader_close() is the caller's).
 */
void evpipe_finish(struct evpipe *p);

#endif
