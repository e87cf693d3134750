/*
 * test_evpipe.c - evpipe_peek_part(): an event seen ahead is the event
 * that evpipe_next_part() gives that many steps later, across batches
 * (so the peek stops at a batch's end), and peeking changes nothing in
 * what the part gives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scratch.h"
#include "event.h"
#include "evpipe.h"

#define NEVENTS 40000 /* more than two batches (of 16384) */
#define AHEAD 20

/* What was seen ahead of an event to come: its line and account. */
struct seen {
	long line;
	char account[16];
};

static void
write_events(const char *name)
{
	FILE *f = fopen(scratch_path(name), "w");
	int i;

	fprintf(f, "account\tdate\ttype\tvalue\tref\tkind\n");
	for (i = 0; i < NEVENTS; i++)
		fprintf(f, "A%d\t2024-%02d-%02d\tticket\t\tT%d\t\n",
		        (i * 37) % 1000, 1 + i % 12, 1 + i % 28, i);
	fclose(f);
}

int
main(void)
{
	static struct seen seen[NEVENTS + AHEAD + 1][AHEAD + 1];
	char *paths[1];
	struct event_reader *r;
	struct evpipe *p;
	struct event ev, ahead;
	long n = 0, peeked = 0, wrong = 0, order = 1;
	int k;

	if (scratch_open("evpipe") != 0)
		return 2;
	write_events("e.tsv");
	paths[0] = scratch_path("e.tsv");
	r = event_reader_open(paths, 1);
	p = evpipe_start_parts(r, PROGRESS_OFF, 1);
	CHECK_INT(evpipe_parts(p), 1);
	CHECK_INT(evpipe_peek_part(p, 0, 1, &ahead), 0); /* nothing taken */
	while (evpipe_next_part(p, 0, &ev)) {
		/* the event is what was seen of it ahead */
		for (k = 1; k <= AHEAD; k++) {
			struct seen *s = &seen[n][k];

			if (s->line == 0)
				continue;
			if (s->line != ev.line ||
			    strlen(s->account) != ev.account_len ||
			    memcmp(s->account, ev.account, ev.account_len) != 0)
				wrong++;
		}
		if (ev.line != n + 2)
			order = 0;
		for (k = 1; k <= AHEAD; k++) {
			if (!evpipe_peek_part(p, 0, (size_t)k, &ahead))
				continue;
			peeked++;
			seen[n + k][k].line = ahead.line;
			snprintf(seen[n + k][k].account,
			         sizeof(seen[n + k][k].account), "%.*s",
			         (int)ahead.account_len, ahead.account);
		}
		n++;
	}
	CHECK_INT(n, NEVENTS);
	CHECK(order);
	CHECK_INT(wrong, 0);
	/* all but the last few events of each batch are seen ahead */
	CHECK(peeked > (long)NEVENTS * AHEAD * 9 / 10);
	CHECK(peeked < (long)NEVENTS * AHEAD);
	CHECK_INT(evpipe_peek_part(p, 0, 1, &ahead), 0); /* at the end */
	evpipe_finish(p);
	CHECK_INT(event_reader_close(r), 0);
	if (scratch_remove() != 0)
		return 2;
	return check_exit();
}
