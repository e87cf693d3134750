#!/bin/sh
# The benchmark suite (make bench; never part of make check): every
# program beside its nearest peer and beside the limit, in one run, and
# one table of the results.  See tests/bench/README.md and BENCHMARKS.md.
#
#   BENCH_SCALE=default|small   default: 1 GB of CSV, 10 million events of
#                    100,000 accounts, 1 million customers for the model
#                    (about 15 minutes on a quiet 2-core machine);
#                    small: 50 MB, 1 million events of 10,000 accounts
#                    (about a minute)
#   BENCH_CSV, BENCH_CSV_MLR, BENCH_CSV_KIT, BENCH_ACCOUNTS, BENCH_EVENTS,
#   BENCH_EVENTS_MLR, BENCH_ROWS, BENCH_CUSTOMERS  one size of the scale
#   BENCH_RUNS       timed runs of each command after the warm-up (3)
#   BENCH_SLOW_RUNS  timed runs of the slow peers (mlr, csvkit) (1)
#   BENCH_TABLE=FILE also write the tables (Markdown) to FILE
#   BENCH_DIR        data and results (default a new directory under
#                    $TMPDIR, removed at the end unless BENCH_KEEP=1;
#                    a kept BENCH_DIR is reused: data is made once)
#   BENCH_HYPERFINE=0  time with the plain loop even if hyperfine is there
#   BENCH_DETAIL=1   afterwards, also run the per-program scripts
#                    (tests/bench/<program>.sh; they take longer)
#
# Exit status 1 when a target is missed or a command fails.
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
SCALE=${BENCH_SCALE:-default}
RUNS=${BENCH_RUNS:-3}
SLOW_RUNS=${BENCH_SLOW_RUNS:-1}
case $SCALE in
default)
	CSV=1G CSV_MLR=200M CSV_KIT=20M
	ACCOUNTS=100000 EVENTS=10000000 EVENTS_MLR=1000000
	ROWS=1000000 CUSTOMERS=1000000
	;;
small)
	CSV=50M CSV_MLR=10M CSV_KIT=2M
	ACCOUNTS=10000 EVENTS=1000000 EVENTS_MLR=100000
	ROWS=100000 CUSTOMERS=100000
	;;
*)
	echo "run.sh: BENCH_SCALE must be default or small" >&2
	exit 2
	;;
esac
# Any size may be set on its own (e.g. BENCH_CSV=200M BENCH_EVENTS=2000000).
CSV=${BENCH_CSV:-$CSV} CSV_MLR=${BENCH_CSV_MLR:-$CSV_MLR}
CSV_KIT=${BENCH_CSV_KIT:-$CSV_KIT} ACCOUNTS=${BENCH_ACCOUNTS:-$ACCOUNTS}
EVENTS=${BENCH_EVENTS:-$EVENTS} EVENTS_MLR=${BENCH_EVENTS_MLR:-$EVENTS_MLR}
ROWS=${BENCH_ROWS:-$ROWS} CUSTOMERS=${BENCH_CUSTOMERS:-$CUSTOMERS}
[ -n "$(env | grep -E '^BENCH_(CSV|CSV_MLR|CSV_KIT|ACCOUNTS|EVENTS|EVENTS_MLR|ROWS|CUSTOMERS)=')" ] &&
	SCALE="$SCALE with sizes changed"
if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR" || exit 1
else
	BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rmkit-bench.XXXXXX") || exit 1
	[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$BENCH_DIR"' EXIT INT TERM
fi
case $BENCH_DIR in /*) ;; *) BENCH_DIR=$(pwd)/$BENCH_DIR ;; esac
. "$root/tests/bench/lib.sh"

for p in rm-import rm-health rm-churn rm-report rm-segment; do
	[ -x "$BINDIR/$p" ] || bench_fail "no $BINDIR/$p (run make)"
done
[ -x "$BUILD/gen-crm" ] || bench_fail "no $BUILD/gen-crm (run make)"
have() { command -v "$1" >/dev/null 2>&1; }
B=$BINDIR
started=$(date +%s)
note() { echo "[$(($(date +%s) - started)) s] $*" >&2; }

# ---- data (not timed) ----
note "making data in $BENCH_DIR (scale $SCALE)"
${CC:-cc} ${CFLAGS:--O2 -g} -std=c11 -D_GNU_SOURCE -o "$BENCH_DIR/csvcat" \
	"$root/tests/bench/csvcat.c" -lcsv || bench_fail "cannot build csvcat"
csv=$(bench_data csv $CSV)
csv_mlr=$(bench_data csv $CSV_MLR)
csv_kit=$(bench_data csv $CSV_KIT)
csvgz=$(bench_data csvgz $CSV)
events=$(bench_data events $ACCOUNTS $EVENTS)
events4=$(bench_data events $ACCOUNTS $((EVENTS / 4)))
events_mlr=$(bench_data events $ACCOUNTS $EVENTS_MLR)
sorted=$(bench_data sorted $ACCOUNTS $EVENTS)
evsorted=$(bench_data evsorted $ACCOUNTS $EVENTS)
mrr=$(bench_data mrr $ACCOUNTS $EVENTS)
mrr4=$(bench_data mrr $ACCOUNTS $((EVENTS / 4)))
mrr_mlr=$(bench_data mrr $ACCOUNTS $EVENTS_MLR)
mrrsorted=$(bench_data mrrsorted $ACCOUNTS $EVENTS)
orders=$(bench_data orders $ACCOUNTS $EVENTS)
orders_mlr=$(bench_data orders $ACCOUNTS $EVENTS_MLR)
accounts=$(bench_data accounts $ACCOUNTS)
table=$(bench_data accounts $ROWS)
model=$(bench_data model $CUSTOMERS)
cat "$BENCH_DIR"/*.csv "$BENCH_DIR"/*.tsv "$csvgz" >/dev/null # page cache
"$B/rm-import" -q -p salesforce-opportunities "$csv_mlr" >/dev/null ||
	bench_fail "rm-import rejects the generated CSV"

# ---- measurements ----
# m KEY CMD (RUNS runs), slow KEY CMD (SLOW_RUNS runs)
m() {
	note "$1: $2"
	bench_measure "$1" "$RUNS" "$2"
}
slow() {
	note "$1: $2"
	bench_measure "$1" "$SLOW_RUNS" "$2"
}
imp="$B/rm-import -q -p salesforce-opportunities"
m import "$imp '$csv'"
m csvcat "'$BENCH_DIR/csvcat' '$csv'"
m cat "cat '$csv'"
m import_mlr "$imp '$csv_mlr'"
have mlr && slow mlr_csv "mlr --icsv --otsv cat '$csv_mlr'"
have csvformat && slow csvkit "csvformat -T '$csv_kit'"
m import_gz "$imp '$csvgz'"
m zcat_import "gzip -dc '$csvgz' | $imp"
m gunzip "gzip -dc '$csvgz'"

m health "$B/rm-health -q '$events'"
have datamash && m datamash "datamash -g 1 sum 4 <'$sorted'"
m health_mlr "$B/rm-health -q '$events_mlr'"
have mlr && slow mlr_events "mlr --tsv stats1 -a sum,count -f value -g account '$events_mlr'"
m churn "$B/rm-churn -q '$mrr'"
have datamash && m datamash_mrr "datamash -g 1 sum 4 <'$mrrsorted'"
m churn_mlr "$B/rm-churn -q '$mrr_mlr'"
have mlr && slow mlr_mrr "mlr --tsv stats1 -a sum,count -f value -g account '$mrr_mlr'"
rep="$B/rm-report -q -a '$accounts' -b owner -n 12"
m report "$rep '$events'"
m report_sorted "$rep '$evsorted'"
m report_mlr "$rep '$events_mlr'"

rule='arr > 50000 and region == "EMEA" or health < 30 and tier != "Gold"'
mrule='$arr > 50000 && $region == "EMEA" || $health < 30 && $tier != "Gold"'
m rules "$B/rm-segment -q -r 'x: $rule' '$table'"
have mlr && slow mlr_rules "mlr --tsv filter '$mrule' '$table'"
m rfm "$B/rm-segment -q --rfm '$orders'"
m rfm_mlr "$B/rm-segment -q --rfm '$orders_mlr'"
have mlr && slow mlr_rfm "mlr --tsv stats1 -a max,count,sum -f date,value -g account '$orders_mlr'"
m model "$B/rm-churn -q --model bgnbd --as-of 2020-09-29 '$model'"

# Memory at a quarter of the events, same accounts (one run each).
for k in health churn report; do
	case $k in
	health) c="$B/rm-health -q '$events4'" ;;
	churn) c="$B/rm-churn -q '$mrr4'" ;;
	report) c="$rep '$events4'" ;;
	esac
	note "${k}_quarter: $c"
	bench_measure "${k}_quarter" 1 "$c"
done

# ---- the tables ----
out=$BENCH_DIR/table.md
status=0
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }
# row CASE RMKIT_KEY RMKIT_FILE PEER_LABEL PEER_KEY PEER_FILE OP TARGET [ACCOUNTS]
# speed = rmkit's MB/s over the peer's (the same as the peer's time over
# rmkit's on one file); OP TARGET: ">=" x (speed at least x) or "<=" x
# (rmkit's time at most x times the peer's).
row() {
	case_=$1 rk=$2 rf=$3 plabel=$4 pk=$5 pf=$6 op=$7 target=$8 accts=${9:-}
	rb=$(bench_bytes "$rf")
	rmed=$(bench_get "$rk" median)
	rcpu=$(bench_get "$rk" cpu)
	rrss=$(bench_get "$rk" rss)
	if [ -n "$pk" ] && [ -s "$BENCH_DIR/res/$pk" ]; then
		pb=$(bench_bytes "$pf")
		pmed=$(bench_get "$pk" median)
		pcpu=$(bench_get "$pk" cpu)
	else
		pb= pmed= pcpu=
		[ -n "$pk" ] && plabel="$plabel (not installed)"
	fi
	plabel=$(echo "$plabel" | sed 's/|/\\|/g')
	PL=$plabel awk -v c="$case_" -v rb="$rb" -v rm="$rmed" \
		-v rc="$rcpu" -v rss="$rrss" -v pb="$pb" -v pm="$pmed" \
		-v pc="$pcpu" -v op="$op" -v t="$target" -v a="$accts" '
	function ratio(x, y) { return (x > 0 && y > 0) ? x / y : 0 }
	BEGIN {
		pl = ENVIRON["PL"]
		rmbs = ratio(rb / 1e6, rm)
		speed = pm == "" ? "" : ratio(rb / rm, pb / pm)
		cspeed = pc == "" ? "" : ratio(rb / rc, pb / pc)
		rs = rss == "-" ? "-" : sprintf("%.1f", rss / 1024)
		bpa = (a == "" || rss == "-") ? "" : sprintf("%.0f", rss * 1024 / a)
		met = ""
		if (speed != "" && op == ">=") {
			tt = "≥ " t "×"; met = speed >= t ? "yes" : "NO"
		} else if (speed != "" && op == "<=") {
			tt = "time ≤ " t "×"; met = 1 / speed <= t ? "yes" : "NO"
		} else tt = ""
		printf "| %s | %.2f | %s | %s | %s | %s | %.0f | %s | %s | %s | %s |\n",
			c, rm, pl, pm == "" ? "" : sprintf("%.2f", pm),
			speed == "" ? "" : sprintf("%.2f", speed),
			cspeed == "" ? "" : sprintf("%.2f", cspeed),
			rmbs, rs, bpa, tt, met
	}' >>"$out"
	tail -1 "$out" | grep -q '| NO |$' && status=1
	return 0
}
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
{
	echo "Scale $SCALE: $(mb "$(bench_bytes "$csv")") MB of CSV, $EVENTS events of $ACCOUNTS accounts, $ROWS account rows for the rules, $CUSTOMERS customers for the model; $(nproc) cores; load average $load at the end."
	if have hyperfine && [ "${BENCH_HYPERFINE:-1}" = 1 ]; then
		echo "Times: median of $RUNS hyperfine runs ($SLOW_RUNS for mlr and csvkit) after a warm-up run under GNU time (which gives the peak RSS)."
	else
		echo "Times: median of $RUNS runs ($SLOW_RUNS for mlr and csvkit; no hyperfine) after a warm-up run under GNU time (which gives the peak RSS)."
	fi
	printf 'Versions: rmkit %s' "$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')"
	have mlr && printf ', %s' "$(mlr --version)"
	have csvformat && printf ', csvkit %s' "$(csvformat --version 2>&1 | cut -d' ' -f2)"
	have datamash && printf ', datamash %s' "$(datamash --version | head -1 | awk '{ print $NF }')"
	printf ', gzip %s' "$(gzip --version | head -1 | awk '{ print $2 }')"
	have hyperfine && printf ', %s' "$(hyperfine --version)"
	printf ', %s' "$(${CC:-cc} --version | head -1)"
	have dpkg-query && printf ', libcsv %s, zlib %s' \
		"$(dpkg-query -W -f '${Version}' libcsv3 2>/dev/null)" \
		"$(dpkg-query -W -f '${Version}' zlib1g 2>/dev/null)"
	printf '; CPU %s.\n' "$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
	echo "Speed: rmkit's MB/s over the peer's (by wall time; by CPU time, user + system, beside it).  Rows marked 'slice' compare rmkit and the peer on the same smaller input."
	echo
	echo "| case | rmkit median s | peer | peer median s | speed × | by CPU × | rmkit MB/s | peak RSS MB | bytes/account | target | met |"
	echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|"
} >"$out"
row "CSV → TSV: rm-import" import "$csv" "csvcat (libcsv loop)" csvcat "$csv" ">=" 0.85
row "CSV → TSV: rm-import" import "$csv" "cat (the machine)" cat "$csv" "" ""
row "CSV → TSV: rm-import, $CSV_MLR slice" import_mlr "$csv_mlr" "mlr --icsv --otsv cat" mlr_csv "$csv_mlr" ">=" 6
row "CSV → TSV: rm-import (full file)" import "$csv" "csvformat -T, $CSV_KIT slice" csvkit "$csv_kit" "" ""
row "gzip: rm-import FILE.csv.gz (MB/s of CSV)" import_gz "$csv" "gzip -dc >/dev/null" gunzip "$csv" "<=" 1.3
row "gzip: rm-import FILE.csv.gz (MB/s of CSV)" import_gz "$csv" "gzip -dc | rm-import" zcat_import "$csv" "" ""
row "rm-health (unsorted)" health "$events" "datamash -g 1 sum 4 (sorted)" datamash "$sorted" ">=" 1 "$ACCOUNTS"
row "rm-health, $EVENTS_MLR-event slice" health_mlr "$events_mlr" "mlr stats1 -g account" mlr_events "$events_mlr" ">=" 10
row "rm-churn periods (unsorted)" churn "$mrr" "datamash -g 1 sum 4 (sorted)" datamash_mrr "$mrrsorted" ">=" 1 "$ACCOUNTS"
row "rm-churn periods, $EVENTS_MLR-event slice" churn_mlr "$mrr_mlr" "mlr stats1 -g account" mlr_mrr "$mrr_mlr" ">=" 10
row "rm-report -b owner -n 12 (unsorted)" report "$events" "datamash -g 1 sum 4 (sorted)" datamash "$sorted" ">=" 1 "$ACCOUNTS"
row "rm-report -b owner -n 12 (sorted by account)" report_sorted "$evsorted" "datamash -g 1 sum 4 (sorted)" datamash "$sorted" ">=" 1 "$ACCOUNTS"
row "rm-report, $EVENTS_MLR-event slice" report_mlr "$events_mlr" "mlr stats1 -g account" mlr_events "$events_mlr" ">=" 10
row "rm-segment rules, $ROWS rows" rules "$table" "mlr filter" mlr_rules "$table" ">=" 10
row "rm-segment --rfm" rfm "$orders" "" "" "" "" ""
row "rm-segment --rfm, $EVENTS_MLR-order slice" rfm_mlr "$orders_mlr" "mlr stats1 max,count,sum" mlr_rfm "$orders_mlr" "" ""
row "rm-churn --model bgnbd, $CUSTOMERS customers" model "$model" "" "" "" "" ""
{
	echo
	echo "Memory against the number of events (same $ACCOUNTS accounts; target: no growth beyond 10% + 4 MB):"
	echo
	echo "| program | peak RSS MB, $((EVENTS / 4)) events | peak RSS MB, $EVENTS events | bytes/account | grows |"
	echo "|---|---:|---:|---:|---|"
} >>"$out"
for k in health churn report; do
	a=$(bench_get "${k}_quarter" rss)
	b=$(bench_get "$k" rss)
	[ "$a" = - ] && continue
	awk -v k="rm-$k" -v a="$a" -v b="$b" -v n="$ACCOUNTS" 'BEGIN {
		grows = b > a * 1.1 + 4096 ? "YES" : "no"
		printf "| %s | %.1f | %.1f | %.0f | %s |\n", k, a / 1024, b / 1024,
			b * 1024 / n, grows
	}' >>"$out"
	tail -1 "$out" | grep -q '| YES |$' && status=1
done
{
	echo
	echo "Commands (\$D is the data directory):"
	echo
	for f in "$BENCH_DIR"/res/*.cmd; do
		printf '    %-15s %s\n' "$(basename "$f" .cmd)" "$(sed "s|$BENCH_DIR|\$D|g; s|$BINDIR/||g" "$f")"
	done
} >>"$out"
cat "$out"
[ -n "${BENCH_TABLE:-}" ] && cp "$out" "$BENCH_TABLE"
note "done"
if [ "${BENCH_DETAIL:-0}" = 1 ]; then
	for b in "$root"/tests/bench/*.sh; do
		case $(basename "$b") in run.sh | lib.sh) continue ;; esac
		echo "== $(basename "$b")"
		sh "$b" || status=1
	done
fi
exit $status
