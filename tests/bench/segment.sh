#!/bin/sh
# Benchmark rm-segment (not a test; run by "make bench").
#
#   1. RFM over 10 million orders of 1 million customers: one pass over
#      the events, then the scores (recency and frequency are counted,
#      monetary is one sort of a million keys).  Time and peak RSS.
#   2. Rules over 1 million account rows against Miller's "mlr --tsv
#      filter" with the same expression, side by side in this run; the
#      goal is rm-segment at least 10 times faster.
#
# Sizes can be lowered for a quick look: ORDERS=1000000 CUSTOMERS=100000
# ROWS=100000 sh tests/bench/segment.sh.  Data is generated once into
# $RMKIT_BENCH_DIR (default $TMPDIR/rmkit-bench) by build/gen-crm.
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
ORDERS=${ORDERS:-10000000}
CUSTOMERS=${CUSTOMERS:-1000000}
ROWS=${ROWS:-1000000}
dir=${RMKIT_BENCH_DIR:-${TMPDIR:-/tmp}/rmkit-bench}
seg=$BINDIR/rm-segment
gen=$BUILD/gen-crm
LC_ALL=C
export LC_ALL
mkdir -p "$dir" || exit 1

[ -x "$seg" ] || { echo "no $seg: run make first"; exit 1; }
[ -x "$gen" ] || { echo "no $gen: run make first"; exit 1; }

BENCH_DIR=$dir
. "$root/tests/bench/lib.sh" # the data, shared with run.sh
orders=$(bench_data orders "$CUSTOMERS" "$ORDERS") || exit 1
accounts=$(bench_data accounts "$ROWS") || exit 1

# measure LABEL CMD...: prints "LABEL: E s elapsed, C s cpu, R MB peak"
# and leaves the elapsed and cpu seconds in $elapsed and $cpu.
measure() {
	label=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" >/dev/null ||
			{ echo "$label: failed"; exit 1; }
		read -r elapsed user sys rss <"$dir/time"
	else
		start=$(date +%s.%N)
		"$@" >/dev/null || { echo "$label: failed"; exit 1; }
		elapsed=$(echo "$(date +%s.%N) - $start" | bc)
		user=$elapsed sys=0 rss=0
	fi
	cpu=$(echo "$user + $sys" | bc)
	printf '%-28s %7.2f s elapsed %7.2f s cpu %8.1f MB peak RSS\n' \
		"$label:" "$elapsed" "$cpu" "$(echo "$rss / 1024" | bc -l)"
}

echo "RFM: $ORDERS orders of $CUSTOMERS customers ($(du -m "$orders" | cut -f1) MB)"
measure "rm-segment --rfm" "$seg" --rfm -q "$orders"
echo

rule='arr > 50000 and region == "EMEA" or health < 30 and tier != "Gold"'
mrule='$arr > 50000 && $region == "EMEA" || $health < 30 && $tier != "Gold"'
echo "Rules: $ROWS account rows ($(du -m "$accounts" | cut -f1) MB)"
echo "  rm-segment -r 'x: $rule'"
echo "  mlr --tsv filter '$mrule'"
measure "rm-segment --rule" "$seg" -q -r "x: $rule" "$accounts"
seg_e=$elapsed seg_c=$cpu
if ! command -v mlr >/dev/null 2>&1; then
	echo "mlr not installed: no comparison"
	exit 0
fi
measure "mlr --tsv filter" mlr --tsv filter "$mrule" "$accounts"
mlr_e=$elapsed mlr_c=$cpu
# the rows must agree: the matching accounts of both
"$seg" -q -r "x: $rule" -d - "$accounts" | awk -F'\t' '$NF == "x" { print $1 }' >"$dir/seg.ids"
mlr --tsv filter "$mrule" then cut -f account "$accounts" | tail -n +2 >"$dir/mlr.ids"
if cmp -s "$dir/seg.ids" "$dir/mlr.ids"; then
	echo "same $(wc -l <"$dir/seg.ids") matching accounts in both"
else
	echo "the two disagree on the matching accounts"
	exit 1
fi
ratio_e=$(echo "scale=1; $mlr_e / $seg_e" | bc)
ratio_c=$(echo "scale=1; $mlr_c / $seg_c" | bc)
echo "rm-segment is ${ratio_e}x faster than mlr filter (elapsed), ${ratio_c}x (cpu)"
if [ "$(echo "$ratio_e >= 10" | bc)" = 1 ]; then
	echo "goal (10x) met"
else
	echo "goal (10x) NOT met"
	exit 1
fi
