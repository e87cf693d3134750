#!/bin/sh
# Benchmark examples/parallel.sh (not a test; run it by hand).
#
# The whole pipeline (rm-health, rm-segment tiers/grid/rules and RFM,
# rm-churn periods and cohorts, rm-report tsv and html) on 10 million
# events of 100,000 accounts, once in one process after the other
# (parallel.sh --single) and once on K = 2 shards with GNU parallel on
# both cores, partitioning included, best of RUNS each, for two inputs:
#
#   hashed  events ordered by date (build/gen-crm events): every line is
#           sent to the shard of a hash of its account (awk splitters
#           under parallel --pipepart)
#   sorted  events grouped by account (gen-crm events --sorted): the file
#           is cut into byte ranges at account changes (--sorted)
#
# Checks that both runs give the same results, prints wall and CPU (user +
# sys) seconds, the load average before each run, the time of each sharded
# step, and the ratio sharded / single wall time (goal: at most 0.6 on an
# otherwise idle 2-core machine; compare the CPU figures to see how busy
# the machine was).  MODES="sorted" runs one of the two.
#
# Smaller: EVENTS=1000000 ACCOUNTS=10000 sh tests/bench/parallel.sh.  Data
# is generated once into $RMKIT_BENCH_DIR (default $TMPDIR/rmkit-bench).
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
EVENTS=${EVENTS:-10000000}
ACCOUNTS=${ACCOUNTS:-100000}
RUNS=${RUNS:-1}
K=${K:-2}
dir=${RMKIT_BENCH_DIR:-${TMPDIR:-/tmp}/rmkit-bench}
gen=$BUILD/gen-crm
LC_ALL=C
export LC_ALL BINDIR
mkdir -p "$dir" || exit 1
[ -x "$BINDIR/rm-health" ] || { echo "no $BINDIR/rm-health: run make first"; exit 1; }
[ -x "$gen" ] || { echo "no $gen: run make first"; exit 1; }
command -v parallel >/dev/null 2>&1 || { echo "skipped: GNU parallel is not installed"; exit 0; }

accounts=$dir/accounts-$ACCOUNTS.tsv
[ -s "$accounts" ] || "$gen" accounts --rows "$ACCOUNTS" -o "$accounts" || exit 1
out=$dir/parallel-out
par="sh $root/examples/parallel.sh"

# measure LABEL CMD...: best of RUNS; prints wall, CPU and the load average
# before the best run, leaves the best wall seconds in $best.
measure() {
	label=$1
	shift
	best=
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
		/usr/bin/time -f '%e %U %S' -o "$dir/time" "$@" >/dev/null 2>"$dir/err" ||
			{ echo "$label: failed"; cat "$dir/err"; exit 1; }
		read -r e u s <"$dir/time"
		if [ -z "$best" ] || [ "$(echo "$e < $best" | bc)" = 1 ]; then
			best=$e cpu=$(echo "$u + $s" | bc) bload=$load
			cp "$dir/err" "$dir/best-err"
		fi
	done
	printf '  %-26s %7.2f s wall %7.2f s cpu   (load average before: %s)\n' \
		"$label:" "$best" "$cpu" "$bload"
}

echo "pipeline: $EVENTS events of $ACCOUNTS accounts, $(nproc) CPUs, K = $K"
for mode in ${MODES:-hashed sorted}; do
	case $mode in
	hashed) events=$dir/events-$ACCOUNTS-$EVENTS.tsv opt= ;;
	sorted) events=$dir/events-sorted-$ACCOUNTS-$EVENTS.tsv opt=--sorted ;;
	*) echo "unknown mode $mode"; exit 1 ;;
	esac
	[ -s "$events" ] || "$gen" events ${opt:+--sorted} --accounts "$ACCOUNTS" \
		--events "$EVENTS" -o "$events" || exit 1
	echo "$mode ($(du -mL "$events" | cut -f1) MB):"
	cat "$events" "$accounts" >/dev/null # in the page cache
	measure "single process" $par --single -o "$out" -a "$accounts" "$events"
	single=$best
	RMKIT_TIMES=1 measure "$K shards, GNU parallel" $par $opt -k "$K" \
		-j "$(nproc)" -o "$out" -a "$accounts" "$events"
	sharded=$best
	sed 's/^parallel.sh: /    /' "$dir/best-err"
	$par --compare -o "$out" >/dev/null || { echo "the sharded results differ"; exit 1; }
	printf '  ratio sharded / single (wall): %.2f (goal: at most 0.6)\n' \
		"$(echo "$sharded / $single" | bc -l)"
	rm -rf "$out"
done
