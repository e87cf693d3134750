#!/bin/sh
# nightly-kpi.sh - the nightly KPI job: import the day's CRM exports,
# score account health, segment, write the KPI report and alert when a
# KPI target is missed.  Meant for cron, e.g.
#
#   15 2 * * *  cd /srv/rmkit && sh examples/nightly-kpi.sh -o /srv/kpi || mail-the-team
#
# Usage: nightly-kpi.sh [-d EXPORTS] [-o DIR] [-t TARGETS] [-b COLUMN]
#
#   -d EXPORTS  directory of the day's exports (default examples/data), read
#               by examples/demo-import.sh
#   -o DIR      where reports/ and work/ go (default .)
#   -t TARGETS  KPI targets (default examples/nightly-targets.txt)
#   -b COLUMN   group the report by this account column (default owner)
#
# Writes DIR/reports/YYYY-MM-DD.html (the page for people) and
# DIR/reports/YYYY-MM-DD.tsv (wide TSV, to diff with yesterday's), where
# the date is the as-of date of the data (its latest event), not today's.
# The intermediate files are in DIR/work/.  Exit status: 0 all targets
# met, 3 a target was missed (the misses are printed on stderr: the alert),
# 1 bad data, 2 usage, 4 system error.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
exports=$here/data
out=.
targets=$here/nightly-targets.txt
by=owner
while getopts d:o:t:b: opt; do
	case $opt in
	d) exports=$OPTARG ;;
	o) out=$OPTARG ;;
	t) targets=$OPTARG ;;
	b) by=$OPTARG ;;
	*) echo "usage: nightly-kpi.sh [-d EXPORTS] [-o DIR] [-t TARGETS] [-b COLUMN]" >&2
	   exit 2 ;;
	esac
done
work=$out/work
mkdir -p "$work" "$out/reports"

# 1. import: one event stream and one account table
RMKIT_DEMO_DATA=$exports sh "$here/demo-import.sh" "$work" 2>"$work/import.log" || {
	cat "$work/import.log" >&2
	echo "nightly-kpi: import failed" >&2
	exit 1
}

# the as-of date: the latest event, as rm-report computes it
as_of=$(rm-report -q -n 1 -k accounts -f json "$work/events.tsv" |
	sed -n 's/^  "as_of": "\([0-9-]*\)",$/\1/p')
[ -n "$as_of" ] || { echo "nightly-kpi: no events to report on" >&2; exit 1; }

# 2. score and 3. segment: an ABC tier by ARR in value_tier, keeping the
# CRM's own segment column (skipped, with a note, where not installed)
table=$work/accounts.tsv
if command -v rm-health >/dev/null 2>&1; then
	rm-health -q --as-of "$as_of" -a "$table" -o "$work/scored.tsv" \
		"$work/events.tsv"
	table=$work/scored.tsv
else
	echo "nightly-kpi: note: rm-health not found, no health KPIs" >&2
fi
if command -v rm-segment >/dev/null 2>&1; then
	rm-segment -q --tiers arr -N value_tier -o "$work/segmented.tsv" "$table"
	table=$work/segmented.tsv
else
	echo "nightly-kpi: note: rm-segment not found, no segments" >&2
fi

# 4. report: HTML for people, wide TSV for diffs; the same targets
status=0
rm-report -q --as-of "$as_of" -a "$table" -b "$by" -n 12 -t "$targets" \
	-f tsv --wide -o "$out/reports/$as_of.tsv" "$work/events.tsv" || status=$?
[ $status -eq 0 ] || [ $status -eq 3 ] || exit $status
status=0
rm-report --as-of "$as_of" -a "$table" -b "$by" -n 12 -t "$targets" \
	-f html -o "$out/reports/$as_of.html" "$work/events.tsv" \
	2>"$work/report.log" || status=$?

# 5. alert
case $status in
0) echo "nightly-kpi: $out/reports/$as_of.html: all targets met" ;;
3) cat "$work/report.log" >&2
   echo "nightly-kpi: ALERT: KPI targets missed, see $out/reports/$as_of.html" >&2 ;;
*) cat "$work/report.log" >&2 ;;
esac
exit $status
