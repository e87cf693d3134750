/*
 * report_read.h - feed an event stream to KPI states, on several
 * threads.
 *
 * One file of at least RMKIT_SPLIT_BYTES bytes (default 8 MiB; the
 * environment variable is for tests) that is grouped by account is cut
 * into parts at account changes (event_reader_split()), and each thread
 * reads its own part into its own KPI state.  When the parts refuse a
 * row or turn out to share an account (the file is not grouped), their
 * work is thrown away and the events are read as below, which reports
 * the rows as usual.
 *
 * Otherwise one thread reads and checks the events (evpipe.h) and
 * splits them by account; each part goes to its own KPI state on its own
 * thread.  The states are finished together (kpi_finish_many()), and as
 * sums are exact the report does not depend on the number of parts, on
 * the way the events were split or on how the threads ran.
 */
#ifndef RMKIT_REPORT_READ_H
#define RMKIT_REPORT_READ_H

#include "cli.h"
#include "event.h"
#include "kpi.h"

/*
 * The number of parts to use: the RMKIT_THREADS environment variable
 * when it is a number from 1 to 16, else the processors online, at most
 * 4 (1 when unknown).
 */
int report_parts(void);

/*
 * Whether er's file may be grouped by account, so that it is worth
 * reading in parts: in its first PROBE_EVENTS (4096) events, read by a
 * part reader of their own (er is not touched), no account comes back
 * after another, and there are two events per account or more on
 * average.  Events nearly each of another account say little of the
 * order: a file in date order starts so (its accounts come back only
 * thousands of events later), and such a file is read by one reader, as
 * are the rare grouped ones with fewer than two events per account.  1
 * also for a file that does not split or whose first part has fewer
 * events (the parts then decide), 0 when it is not grouped.
 */
int report_may_be_grouped(struct event_reader *er);

/*
 * Feed every event of er to first and to states made like it
 * (kpi_new_like()), nparts in all (fewer when threads cannot be
 * started; when the file is read in parts, first is freed and every
 * state is new).  Returns the states (free the array; the states go to
 * kpi_finish_many()) and their number in *n.  With prepare set, each
 * state is also kpi_prepare()d on its own thread (for a kpi_finish_many()
 * with the latest event date as latest_day).  Bad rows are reported as
 * event_next() does; the reader is not closed.  *split (when split is
 * not NULL) is set to 1 when the file was read in parts, else 0.
 */
struct kpi_state **report_read(struct kpi_state *first, struct event_reader *er,
                               enum progress_mode mode, int nparts,
                               int prepare, int *n, int *split);

#endif
