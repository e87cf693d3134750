#!/bin/sh
# Benchmark rm-report (not a test; run by "make bench").
#
# 10 million events of 100,000 accounts (build/gen-crm events --sorted,
# 24 months), an account table with owners (build/gen-crm accounts), a
# report of every KPI over 12 monthly periods grouped by owner, against
# GNU datamash computing one grouped sum ("datamash -g 1 sum 4") over the
# same events sorted by account, side by side in this run.  datamash
# refuses empty numbers, so its copy has empty values written as 0 (made,
# like the sort, before timing).  Prints elapsed and CPU seconds, peak
# RSS and the ratio rm-report / datamash (goal: at most 1).  The report
# is run twice: with its default threads (the file, grouped by account,
# is cut into one part per processor, each read on its own thread) and
# with RMKIT_THREADS=1 (one reader thread and one consumer, no parts),
# for the CPU time the threads cost.
#
# Sizes can be lowered for a quick look: EVENTS=1000000 ACCOUNTS=10000 sh
# tests/bench/report.sh.  Data is generated once into $RMKIT_BENCH_DIR
# (default $TMPDIR/rmkit-bench).
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
EVENTS=${EVENTS:-10000000}
ACCOUNTS=${ACCOUNTS:-100000}
dir=${RMKIT_BENCH_DIR:-${TMPDIR:-/tmp}/rmkit-bench}
report=$BINDIR/rm-report
gen=$BUILD/gen-crm
LC_ALL=C
export LC_ALL
mkdir -p "$dir" || exit 1

[ -x "$report" ] || { echo "no $report: run make first"; exit 1; }
[ -x "$gen" ] || { echo "no $gen: run make first"; exit 1; }
command -v datamash >/dev/null 2>&1 || { echo "skipped: no datamash"; exit 0; }

events=$dir/events-sorted-$ACCOUNTS-$EVENTS.tsv
filled=$dir/events-sorted-$ACCOUNTS-$EVENTS-filled.tsv
accounts=$dir/accounts-$ACCOUNTS.tsv
[ -s "$events" ] || "$gen" events --sorted --accounts "$ACCOUNTS" \
	--events "$EVENTS" -o "$events" || exit 1
[ -s "$accounts" ] || "$gen" accounts --rows "$ACCOUNTS" -o "$accounts" || exit 1
[ -s "$filled" ] || awk -F'\t' -v OFS='\t' 'NR > 1 && $4 == "" { $4 = 0 } { print }' \
	"$events" >"$filled" || exit 1

# measure LABEL CMD...: prints "LABEL: E s elapsed, C s cpu, R MB peak"
# and leaves the elapsed seconds in $elapsed.
measure() {
	label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" >/dev/null ||
		{ echo "$label: failed"; exit 1; }
	read -r elapsed user sys rss <"$dir/time"
	printf '%-34s %7.2f s elapsed %7.2f s cpu %8.1f MB peak RSS\n' \
		"$label:" "$elapsed" "$(echo "$user + $sys" | bc)" \
		"$(echo "$rss / 1024" | bc -l)"
}

echo "rm-report: $EVENTS events of $ACCOUNTS accounts ($(du -m "$events" | cut -f1) MB), 12 months by owner"
cat "$events" "$filled" >/dev/null # both in the page cache
measure "datamash -g 1 sum 4" sh -c "datamash -H -g 1 sum 4 <'$filled'"
dm=$elapsed
measure "rm-report -b owner -n 12 (all KPIs)" "$report" -q -a "$accounts" \
	-b owner -n 12 "$events"
rr=$elapsed
measure "  the same, RMKIT_THREADS=1" env RMKIT_THREADS=1 "$report" -q \
	-a "$accounts" -b owner -n 12 "$events"
measure "rm-report -b owner -n 12 -k mrr" "$report" -q -a "$accounts" \
	-b owner -n 12 -k mrr "$events"
printf 'ratio rm-report / datamash (all KPIs): %.2f\n' "$(echo "$rr / $dm" | bc -l)"
