/*
 * report_read.h - feed an event stream to KPI states, on several
 * threads.
 *
 * One thread reads and checks the events (evpipe.h) and splits them by
 * account; each part goes to its own KPI state on its own thread.  The
 * states are finished together (kpi_finish_many()), and as sums are
 * exact the report does not depend on the number of parts or on how
 * the threads ran.
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
 * Feed every event of er to first and to states made like it
 * (kpi_new_like()), nparts in all (fewer when threads cannot be
 * started).  Returns the states (free the array; the states go to
 * kpi_finish_many()) and their number in *n.  With prepare set, each
 * state is also kpi_prepare()d on its own thread (for a kpi_finish_many()
 * with the latest event date as latest_day).  Bad rows are reported as
 * event_next() does; the reader is not closed.
 */
struct kpi_state **report_read(struct kpi_state *first, struct event_reader *er,
                               enum progress_mode mode, int nparts,
                               int prepare, int *n);

#endif
