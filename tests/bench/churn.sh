#!/bin/sh
# Benchmark rm-churn's MRR mode (not a test): 10 million mrr events over
# 1 million accounts and 36 months, in one pass, next to GNU datamash's
# grouped sum over the same events sorted by account (sorting not timed).
# Prints wall time, CPU time (user + system: steadier on a busy machine)
# and peak RSS of each, and the load average (rm-churn uses a second
# thread: on a machine without an idle processor its wall time is its CPU
# time).  BENCH_EVENTS and BENCH_ACCOUNTS make it smaller; BENCH_DIR keeps
# the data (default: a temporary dir); BENCH_MLR=1 also times Miller's
# grouped sum (slow: minutes, and gigabytes of memory, on the full data).
# It also runs rm-churn on a quarter of the events of the same accounts
# and says whether peak memory grows with the events (issue 8: by more
# than 10% + 4 MB, the rule of run.sh).
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$root/bin}
BUILD=${BUILD:-$root/build}
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
events=${BENCH_EVENTS:-10000000}
accounts=${BENCH_ACCOUNTS:-1000000}
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/rmkit-bench.XXXXXX")}
[ -n "$BENCH_DIR" ] || trap 'rm -rf "$dir"' EXIT INT TERM
LC_ALL=C
export LC_ALL

# make_data N FILE: N mrr events of the $accounts accounts into FILE (once).
make_data() {
	[ -s "$2" ] && return 0
	if [ -x "$BUILD/gen-crm" ]; then
		"$BUILD/gen-crm" mrr --accounts "$accounts" --events "$1" \
			--months 36 >"$2"
	else
		# Fallback: awk, random accounts, subscriptions and days.
		awk -v n="$1" -v a="$accounts" 'BEGIN {
			srand(1); print "account\tdate\ttype\tvalue\tref"
			for (i = 0; i < n; i++) {
				k = int(rand() * a); m = int(rand() * 36)
				printf "A%07d\t%04d-%02d-%02d\tmrr\t%d\ts%d\n", k,
				    2022 + int(m / 12), m % 12 + 1, 1 + int(rand() * 28),
				    rand() < 0.1 ? 0 : 10 * int(1 + rand() * 100), k * 3 + int(rand() * 3)
			}
		}' >"$2"
	fi
}
data=$dir/mrr-$events.tsv
make_data "$events" "$data"
lines=$(($(wc -l <"$data") - 1))
bytes=$(wc -c <"$data")

measure() { # label, command...: wall and CPU seconds, peak RSS in MB
	label=$1
	shift
	if [ ! -x /usr/bin/time ]; then # no GNU time: wall time only
		t0=$(date +%s.%N)
		"$@" >"$dir/out"
		echo "$t0 $(date +%s.%N)" | awk -v l="$label" '{
			printf "%-36s %7.2f s wall (no /usr/bin/time: no CPU, RSS)\n", l, $2 - $1 }'
		return
	fi
	/usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" ||
		{ cat "$dir/err"; exit 1; }
	tail -1 "$dir/time" | awk -v l="$label" '{
		printf "%-36s %7.2f s wall %7.2f s cpu %8.1f MB peak RSS\n", l, $1, $2 + $3, $4 / 1024 }'
}

echo "data: $lines mrr events, $accounts accounts, 36 months, $((bytes / 1048576)) MB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
measure "rm-churn (period table)" "$BINDIR/rm-churn" -q "$data"
[ -s "$dir/time" ] && tail -1 "$dir/time" | awk -v a="$accounts" '{
	printf "  %.0f bytes of peak RSS per account\n", $4 * 1024 / a }'
rows=$(($(wc -l <"$dir/out") - 1))
echo "  $rows monthly rows; last: $(tail -1 "$dir/out" | cut -f1,7,16)"
rss_full=$(tail -1 "$dir/time" 2>/dev/null | awk '{ print $4 }')
# Issue 8: memory must not grow with the events of a fixed set of accounts.
if [ -n "$rss_full" ]; then
	data4=$dir/mrr-$((events / 4)).tsv
	make_data $((events / 4)) "$data4"
	measure "rm-churn, a quarter of the events" "$BINDIR/rm-churn" -q "$data4"
	tail -1 "$dir/time" | awk -v full="$rss_full" '{
		verdict = (full - $4 > $4 * 0.1 + 4096) ? "GROWS (over 10% + 4 MB)" : "flat"
		printf "  peak RSS %.1f MB at a quarter of the events, %.1f MB at all: %s\n",
		    $4 / 1024, full / 1024, verdict
	}'
fi
measure "rm-churn --period quarter" "$BINDIR/rm-churn" -q --period quarter "$data"
measure "rm-churn --cohorts" "$BINDIR/rm-churn" -q --cohorts "$data"
measure "rm-churn --accounts-out" "$BINDIR/rm-churn" -q --accounts-out "$data"
if command -v datamash >/dev/null 2>&1; then
	tail -n +2 "$data" | sort -t "$(printf '\t')" -k1,1 >"$dir/sorted.tsv"
	measure "datamash -g 1 sum 4 (sorted input)" datamash -g 1 sum 4 <"$dir/sorted.tsv"
	echo "  $(wc -l <"$dir/out") groups"
else
	echo "datamash: not installed"
fi
if [ "${BENCH_MLR:-0}" = 1 ] && command -v mlr >/dev/null 2>&1; then
	measure "mlr stats1 -a sum -g account" mlr --tsv stats1 -a sum \
		-f value -g account "$data"
fi
