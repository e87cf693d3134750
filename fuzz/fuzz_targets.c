/*
 * fuzz_targets.c - libFuzzer harness for the rm-report --targets parser
 * (targets.h).
 *
 * A small report is computed once from a few events; each input is read
 * as a targets file into it, then the targets are shown, checked and
 * reported as rm-report does.  A bad line ends the program with
 * EXIT_USAGE (die), which the harness catches; any other status is a
 * failure.  After die() the harness closes the input targets_read()
 * had open (fuzz_close_inputs()), so leak detection stays on.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "event.h"
#include "fuzz_util.h"
#include "kpi.h"
#include "targets.h"

static struct report *report;
static int nshow0;

static void
add(struct kpi_state *s, const char *account, const char *date,
    enum event_type type, double value, const char *ref)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.account = account;
	ev.account_len = strlen(account);
	if (date_parse_iso(date, strlen(date), &ev.day) != 0)
		abort();
	ev.type = type;
	ev.has_value = 1;
	ev.value = value;
	ev.ref = ref;
	ev.ref_len = strlen(ref);
	ev.kind = "";
	ev.file = "fuzz";
	ev.line = 1;
	kpi_add_event(s, &ev);
}

static struct report *
make_report(void)
{
	struct kpi_options o;
	struct kpi_state *s;
	struct report *r;

	memset(&o, 0, sizeof(o));
	o.unit = PERIOD_MONTH;
	o.as_of = INT_MIN;
	o.nperiods = 3;
	o.untouched_days = 90;
	o.band_cut_high = 75;
	o.band_cut_low = 50;
	o.band_order = "green,amber,red";
	s = kpi_new(&o, NULL);
	add(s, "a", "2024-01-05", EV_MRR, 100, "s1");
	add(s, "b", "2024-01-20", EV_MRR, 50, "s2");
	add(s, "b", "2024-03-02", EV_MRR, 0, "s2");
	add(s, "a", "2024-02-10", EV_TOUCH, 0, "");
	add(s, "a", "2024-03-01", EV_TICKET, 2, "t1");
	add(s, "c", "2024-03-10", EV_ORDER, 99.5, "o1");
	r = kpi_finish(s, 19800); /* 2024-03-18 */
	kpi_select(r, NULL);
	return r;
}

static void
reset(struct report *r)
{
	free(r->targets);
	r->targets = NULL;
	r->ntargets = 0;
	r->nshow = nshow0;
	r->nmissed = 0;
	memset(r->missed, 0, (size_t)r->ngroups * (size_t)r->ncols);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int status, missed, i;

	if (report == NULL) {
		report = make_report();
		nshow0 = report->nshow;
	}
	fuzz_catch_exit();
	if ((status = setjmp(fuzz_jmp)) != 0) {
		fuzz_close_inputs();
		if (status != EXIT_USAGE && !fuzz_input_may_die(data, size))
			fuzz_fail("a bad targets file gave a status other "
			          "than 2");
		reset(report);
		return 0;
	}
	targets_read(report, fuzz_file(0, data, size));
	for (i = 0; i < report->ntargets; i++)
		if (report->targets[i].kpi < 0 ||
		    report->targets[i].kpi >= report->ncols)
			fuzz_fail("a target names no KPI");
	targets_show(report);
	if (report->nshow > report->ncols)
		fuzz_fail("more KPIs shown than there are");
	missed = targets_check(report);
	if (missed < 0 || missed > report->ntargets * report->ngroups)
		fuzz_fail("more misses than targets");
	targets_report(report, fuzz_devnull());
	reset(report);
	return 0;
}
