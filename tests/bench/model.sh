#!/bin/sh
# Benchmark rm-churn --model (not a test; run by "make bench").
#
# tests/bench/bgnbd-sim.c simulates customers from the BG/NBD and
# Gamma-Gamma models with known parameters (r 0.243, alpha 4.414, a 0.793,
# b 2.426; p 6.25, q 3.74, gamma 15.44: the CDNOW fit), fixed seed:
#
#   1. dated orders of CUSTOMERS customers (about 2.4 orders each), as a
#      real export would hold them: rm-churn --model bgnbd reads the
#      events, builds the summary (39-week calibration, unit week), fits
#      both models and scores every customer;
#   2. the same from a summary written by rm-churn --summary (what a fit
#      on summaries from several machines does);
#   3. a summary simulated in continuous time (every customer's t_x and T
#      distinct: no two customers can be grouped, the worst case for the
#      fit), where the fit is compared with the true parameters: each
#      estimate, its standard error, and (estimate - true) / se.
#
# Times: wall clock and user CPU, best of RUNS.  The machine is shared,
# so wall clock depends on the load (printed).  Smaller:
# CUSTOMERS=100000 sh tests/bench/model.sh.
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
CUSTOMERS=${CUSTOMERS:-1000000}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
dir=${RMKIT_BENCH_DIR:-${TMPDIR:-/tmp}/rmkit-bench}
churn=$BINDIR/rm-churn
sim=$BUILD/bgnbd-sim
LC_ALL=C
export LC_ALL
mkdir -p "$dir" || exit 1
[ -x "$churn" ] || { echo "no $churn: run make first"; exit 1; }
${CC:-cc} -O2 -std=c11 -o "$sim" "$root/tests/bench/bgnbd-sim.c" -lm || exit 1

events=$dir/model-events-$CUSTOMERS-$SEED.tsv
summary=$dir/model-summary-$CUSTOMERS-$SEED.tsv
exact=$dir/model-exact-$CUSTOMERS-$SEED.tsv
[ -s "$events" ] || "$sim" events "$CUSTOMERS" "$SEED" >"$events" || exit 1
[ -s "$exact" ] || "$sim" summary "$CUSTOMERS" "$SEED" >"$exact" || exit 1
"$churn" --summary --as-of 2020-09-29 "$events" >"$summary" || exit 1

# best WHAT CMD...: run CMD RUNS times, print the best wall and user time.
best() {
	what=$1
	shift
	bw=999999
	bu=999999
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		u0=$(awk '{ print $16 + $17 }' /proc/$$/stat)
		"$@" >"$dir/model-out.tsv" || { echo "$what: failed"; exit 1; }
		t1=$(date +%s%N)
		u1=$(awk '{ print $16 + $17 }' /proc/$$/stat)
		w=$(( (t1 - t0) / 1000000 ))
		u=$(( (u1 - u0) * 10 ))
		[ $w -lt $bw ] && bw=$w
		[ $u -lt $bu ] && bu=$u
		i=$((i + 1))
	done
	printf '%-44s wall %6.2f s   user+sys %6.2f s\n' "$what" \
		"$(echo "$bw / 1000" | bc -l)" "$(echo "$bu / 1000" | bc -l)"
}

echo "customers: $CUSTOMERS, orders: $(($(wc -l <"$events") - 1)), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "distinct (x, t_x, T): dated $(tail -n +2 "$summary" | cut -f2-4 | sort -u | wc -l), continuous $(tail -n +2 "$exact" | cut -f2-4 | sort -u | wc -l)"
best "events -> summary, fit, score" "$churn" --model bgnbd --as-of 2020-09-29 "$events"
best "events -> summary only" "$churn" --summary --as-of 2020-09-29 "$events"
best "dated summary -> fit, score" "$churn" --model bgnbd -S "$summary"
best "dated summary -> fit" "$churn" --fit -S "$summary"
best "continuous summary -> fit, score" "$churn" --model bgnbd -S "$exact"
best "continuous summary -> fit" "$churn" --fit -S "$exact"

echo "recovery (continuous summary): parameter, true, estimate, se, z"
"$churn" --fit -S "$exact" | awk -F'\t' '
	BEGIN { t["r"] = 0.243; t["alpha"] = 4.414; t["a"] = 0.793; t["b"] = 2.426
		t["p"] = 6.25; t["q"] = 3.74; t["gamma"] = 15.44 }
	$2 in t { printf "  %-6s %7.4g  %9.5g  %8.3g  %+5.2f\n", $2, t[$2], $3, $4, ($3 - t[$2]) / $4 }'
echo "dated summary (times rounded to days, same-day orders merged):"
"$churn" --fit -S "$summary" | awk -F'\t' '$2 ~ /^(r|alpha|a|b|p|q|gamma)$/ { printf "  %-6s %9.5g  (se %.3g)\n", $2, $3, $4 }'
