#!/bin/sh
# Benchmark rm-health (not a test; run by "make bench").
#
#   10 million events of 100,000 accounts, unsorted (ordered by date, as
#   build/gen-crm writes them): rm-health scores every account in one
#   pass, against GNU datamash computing one grouped sum over the same
#   events already sorted by account ("datamash -g 1 sum 4"; the sort is
#   not timed), side by side, interleaved, best of RUNS.  Reports events
#   per second, the time ratio, peak RSS and bytes per account (peak RSS
#   over the RSS of a one-account run, divided by the accounts).
#
# Smaller: EVENTS=1000000 ACCOUNTS=10000 sh tests/bench/health.sh.  Data is
# generated once into $RMKIT_BENCH_DIR (default $TMPDIR/rmkit-bench) by
# tests/bench/lib.sh.  make bench (run.sh) measures the same comparison in
# its table; this script adds the --as-of variant and bytes per account
# over a one-account run.
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
EVENTS=${EVENTS:-10000000}
ACCOUNTS=${ACCOUNTS:-100000}
RUNS=${RUNS:-3}
dir=${RMKIT_BENCH_DIR:-${TMPDIR:-/tmp}/rmkit-bench}
health=$BINDIR/rm-health
gen=$BUILD/gen-crm
LC_ALL=C
export LC_ALL
mkdir -p "$dir" || exit 1
[ -x "$health" ] || { echo "no $health: run make first"; exit 1; }
command -v datamash >/dev/null || { echo "datamash is not installed"; exit 1; }

# The data is made by tests/bench/lib.sh (shared with run.sh): the events
# ordered by date, and a copy grouped by account for datamash (no header,
# empty values as 0); neither step is timed.
BENCH_DIR=$dir
. "$root/tests/bench/lib.sh"
[ -x "$gen" ] || { echo "no $gen: run make first"; exit 1; }
events=$(bench_data events "$ACCOUNTS" "$EVENTS") || exit 1
sorted=$(bench_data sorted "$ACCOUNTS" "$EVENTS") || exit 1
"$health" -q "$events" >/dev/null || { echo "rm-health rejects the events"; exit 1; }
asof=$(tail -n +2 "$events" | cut -f2 | sort | tail -1)
bytes=$(wc -c <"$events")
n=$(($(wc -l <"$events") - 1))
echo "$n events of $ACCOUNTS accounts, $((bytes / 1048576)) MB, as-of $asof"

# run LABEL CMD...: one timed run; appends "LABEL elapsed cpu rss" to $dir/runs
run() {
	label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$dir/time" sh -c "$*" >/dev/null ||
		{ echo "$label: failed"; exit 1; }
	read -r e u s m <"$dir/time"
	echo "$label $e $(echo "$u + $s" | bc) $m" >>"$dir/runs"
}
: >"$dir/runs"
i=0
while [ $i -lt "$RUNS" ]; do
	run datamash "datamash -g 1 sum 4 <'$sorted'"
	run rm-health "'$health' -q '$events'"
	run rm-health-as-of "'$health' -q --as-of $asof '$events'"
	i=$((i + 1))
done
# best (smallest) elapsed per label, with its cpu and rss
best() {
	awk -v l="$1" '$1 == l && (b == "" || $2 < b) { b = $2; c = $3; m = $4 }
		END { print b, c, m }' "$dir/runs"
}
printf '%-36s %9s %9s %10s %12s\n' "" "elapsed" "cpu" "peak RSS" "events/s"
for l in datamash rm-health rm-health-as-of; do
	set -- $(best $l)
	printf '%-36s %8.2fs %8.2fs %8.1f MB %12.0f\n' "$l" "$1" "$2" \
		"$(echo "$3 / 1024" | bc -l)" "$(echo "$n / $1" | bc -l)"
done
dm=$(best datamash | cut -d' ' -f1)
rh=$(best rm-health | cut -d' ' -f1)
rha=$(best rm-health-as-of | cut -d' ' -f1)
echo "time ratio rm-health / datamash:            $(echo "scale=3; $rh / $dm" | bc) (default as-of: events spooled to TMPDIR)"
echo "time ratio rm-health --as-of / datamash:    $(echo "scale=3; $rha / $dm" | bc)"
echo "(rm-health reads on one thread and scores on a second; the machine has $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"

# Memory per account: peak RSS against a one-account run of the same shape.
head -1 "$events" >"$dir/one.tsv"
awk -F'\t' 'NR > 1 && $1 == k' k="$(sed -n 2p "$events" | cut -f1)" "$events" >>"$dir/one.tsv"
/usr/bin/time -f '%M' -o "$dir/time" "$health" -q --as-of "$asof" "$dir/one.tsv" >/dev/null
base=$(cat "$dir/time")
full=$(best rm-health-as-of | cut -d' ' -f3)
accts=$("$health" -q --as-of "$asof" "$events" | tail -n +2 | wc -l)
echo "peak RSS $((full / 1024)) MB, one-account run $((base / 1024)) MB: $(((full - base) * 1024 / accts)) bytes per account ($accts accounts)"
