/*
 * targets.h - KPI targets (--targets FILE) and checking them.
 *
 * A targets file has one target a line, "KPI OP VALUE", fields separated
 * by blanks: KPI is a KPI name, OP one of < <= > >= == !=, VALUE a plain
 * number (rates are fractions, "2%" is also accepted).  Blank lines and
 * lines starting with '#' are ignored.  A bad line ends the program with
 * EXIT_USAGE and a message naming the file and line.
 *
 * A target is checked in the current period for every group (the "all"
 * row included).  A KPI that is left out (no inputs) misses nothing.
 */
#ifndef RMKIT_TARGETS_H
#define RMKIT_TARGETS_H

#include <stdio.h>

#include "kpi.h"

/* Read the targets in path into r (r->targets, r->ntargets). */
void targets_read(struct report *r, const char *path);

/* Add the KPIs that have a target to r->show when --kpi left them out. */
void targets_show(struct report *r);

/* Mark misses (r->missed, r->nmissed); returns r->nmissed. */
int targets_check(struct report *r);

/* Whether v meets the target. */
int target_met(const struct target *t, double v);

/* The operator as written: "<=". */
const char *target_op_name(enum target_op op);

/*
 * Print one line per miss to f: "target missed: KPI = VALUE (want OP
 * TARGET) for GROUP in PERIOD".
 */
void targets_report(const struct report *r, FILE *f);

#endif
