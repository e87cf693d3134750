#!/bin/sh
# Property: events may come in any order, in several files, gzip or not:
# the report is the same.  Also: the same input gives byte-identical
# output whatever the time zone and locale (a nightly report diffs cleanly).
set -eu
args="-a accounts.tsv --as-of 2024-06-30 -n 3 -b owner -f json"
rm-report $args events.tsv >"$TMP/want.json"
head -1 events.tsv >"$TMP/h"
for seed in 1 2 3 4 5; do
	tail -n +2 events.tsv | awk -v s=$seed 'BEGIN{srand(s)} {print rand() "\t" $0}' |
		sort -k1,1 | cut -f2- >"$TMP/body"
	n=$(wc -l <"$TMP/body")
	half=$((n / 2))
	{ cat "$TMP/h"; head -n $half "$TMP/body"; } >"$TMP/a.tsv"
	{ cat "$TMP/h"; tail -n +$((half + 1)) "$TMP/body"; } | gzip >"$TMP/b.tsv.gz"
	rm-report $args "$TMP/b.tsv.gz" "$TMP/a.tsv" >"$TMP/got.json"
	cmp "$TMP/want.json" "$TMP/got.json" || { echo "seed $seed differs"; exit 1; }
done
for tz in UTC America/New_York Asia/Tokyo; do
	TZ=$tz LC_ALL=C.UTF-8 rm-report $args events.tsv >"$TMP/got.json"
	cmp "$TMP/want.json" "$TMP/got.json" || { echo "TZ $tz differs"; exit 1; }
done
# default --as-of is the latest event date, not today's
rm-report -k mrr events.tsv | tail -1 | grep -q '^all	2024-06	mrr	270.00$'
echo ok
