#!/bin/sh
# Import benchmark (issue 2, "Speed and memory"): on a generated
# Salesforce-like opportunity CSV of >= 1 GB, compare the throughput of
#
#   csvcat     tests/bench/csvcat.c: a minimal libcsv parse-and-print loop,
#              compiled here with the same CC and CFLAGS as the build
#   rm-import  -p salesforce-opportunities (maps columns, converts M/D/YYYY
#              dates and "$12,500.00" amounts, writes events), on one
#              thread (the default); also run with RMKIT_THREADS=2, where
#              it parses on a second thread while the first converts and
#              writes (recpipe.h), so its CPU time adds both threads' time
#   mlr        Miller 6, mlr --icsv --otsv cat, timed on a smaller slice
#              (it is slow) and compared in MB/s
#
# and report the peak RSS of rm-import on the slice and on the whole file
# (memory must be bounded by the longest record, not by the file).
# Targets: rm-import >= 85% of csvcat, >= 6x Miller.  Exit status 1 when a
# target is missed or a program fails, 0 otherwise (not part of make check).
#
# Environment: BENCH_SIZE (default 1G), BENCH_SLICE (200M), BENCH_RUNS
# (3 runs of csvcat and rm-import, interleaved), BENCH_MLR_RUNS (1),
# TMPDIR (needs about BENCH_SIZE + BENCH_SLICE free), BENCH_CALLGRIND (1:
# also count instructions of csvcat and rm-import on a 10 MB slice with
# valgrind, a load-independent comparison), BENCH_PROFILE (a file for
# rm-import's top functions).  Wall-clock figures
# are the best of the runs (the median is shown too): on a shared machine
# the best run is the one least disturbed.  CPU = user + system time.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
SIZE=${BENCH_SIZE:-1G}
SLICE=${BENCH_SLICE:-200M}
RUNS=${BENCH_RUNS:-3}
MLR_RUNS=${BENCH_MLR_RUNS:-1}
LC_ALL=C
export LC_ALL

die() { echo "import.sh: $*" >&2; exit 1; }
[ -x "$BUILD/gen-crm" ] || die "no $BUILD/gen-crm (run make)"
[ -x "$BINDIR/rm-import" ] || die "no $BINDIR/rm-import (run make)"
"$BINDIR/rm-import" --list-presets | grep -q '^salesforce-opportunities' ||
	die "rm-import has no salesforce-opportunities preset"
[ -x /usr/bin/time ] || die "needs /usr/bin/time (GNU time) for peak RSS"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rmkit-bench.XXXXXX") || die "no temp dir"
trap 'rm -rf "$tmp"' EXIT INT TERM

# The baseline, built with the flags of the build being measured.
${CC:-cc} ${CFLAGS:--O2 -g} -std=c11 -D_GNU_SOURCE -o "$tmp/csvcat" \
	"$root/tests/bench/csvcat.c" -lcsv || die "cannot build csvcat"

# Same seed: the slice is the first rows of the big file.
"$BUILD/gen-crm" csv --bytes "$SIZE" -o "$tmp/big.csv" || die "gen-crm failed"
"$BUILD/gen-crm" csv --bytes "$SLICE" -o "$tmp/slice.csv" || die "gen-crm failed"
big_bytes=$(wc -c <"$tmp/big.csv")
slice_bytes=$(wc -c <"$tmp/slice.csv")

# Correctness first (untimed): every row imports, nothing rejected.
"$BINDIR/rm-import" -q -p salesforce-opportunities "$tmp/slice.csv" \
	>"$tmp/slice.tsv" || die "rm-import rejected rows of the generated CSV"
events=$(($(wc -l <"$tmp/slice.tsv") - 1))
"$tmp/csvcat" "$tmp/slice.csv" >"$tmp/slice.cat" || die "csvcat failed"
records=$(($(wc -l <"$tmp/slice.cat") - 1))
rm -f "$tmp/slice.tsv" "$tmp/slice.cat"

# run LABEL FILE CMD...: one timed run, appends "wall cpu maxrss_kb".
run() {
	label=$1
	file=$2
	shift 2
	cat "$file" >/dev/null # in the page cache, for every program alike
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" "$file" \
		>/dev/null 2>"$tmp/err" || {
		cat "$tmp/err" >&2
		die "$label failed"
	}
	awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$tmp/time" \
		>>"$tmp/$label.t"
}

i=0
while [ $i -lt "$RUNS" ]; do
	run csvcat "$tmp/big.csv" "$tmp/csvcat"
	run rm-import "$tmp/big.csv" "$BINDIR/rm-import" -q -p salesforce-opportunities
	run rm-import-2t "$tmp/big.csv" env RMKIT_THREADS=2 "$BINDIR/rm-import" -q -p salesforce-opportunities
	i=$((i + 1))
done
run rm-import-slice "$tmp/slice.csv" "$BINDIR/rm-import" -q -p salesforce-opportunities
run csvcat-slice "$tmp/slice.csv" "$tmp/csvcat"
have_mlr=0
if command -v mlr >/dev/null 2>&1; then
	have_mlr=1
	i=0
	while [ $i -lt "$MLR_RUNS" ]; do
		run mlr "$tmp/slice.csv" mlr --icsv --otsv cat
		i=$((i + 1))
	done
fi

# stat LABEL BYTES: "best_wall median_wall best_cpu max_rss_kb best_MBps median_MBps cpu_MBps"
stat() {
	sort -n "$tmp/$1.t" | awk -v bytes="$2" '
	{ wall[NR] = $1; if (NR == 1 || $2 < cpu) cpu = $2; if ($3 > rss) rss = $3 }
	END {
		med = NR % 2 ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
		b = wall[1] > 0 ? wall[1] : 0.01; m = med > 0 ? med : 0.01
		c = cpu > 0 ? cpu : 0.01
		printf "%.2f %.2f %.2f %d %.1f %.1f %.1f\n", wall[1], med, cpu, rss,
			bytes / 1e6 / b, bytes / 1e6 / m, bytes / 1e6 / c
	}'
}
line() { # label, size note, stat
	set -- "$1" "$2" $3
	printf '  %-10s %-8s %7.1f MB/s  (best %5.2f s, median %5.2f s; cpu %5.2f s = %6.1f MB/s)  peak RSS %6.1f MB\n' \
		"$1" "$2" "$7" "$3" "$4" "$5" "$9" "$(echo "$6" | awk '{ printf "%.1f", $1 / 1024 }')"
}

cat_s=$(stat csvcat "$big_bytes")
imp_s=$(stat rm-import "$big_bytes")
imp2_s=$(stat rm-import-2t "$big_bytes")
imps_s=$(stat rm-import-slice "$slice_bytes")
cats_s=$(stat csvcat-slice "$slice_bytes")
cores=$(nproc 2>/dev/null || echo '?')
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
echo "import benchmark: $big_bytes bytes of CSV ($SIZE; $records records and $events events per $slice_bytes-byte slice)"
echo "  $cores cores, load average $load at the end; wall times: best of $RUNS interleaved runs"
line csvcat "$SIZE" "$cat_s"
line rm-import "$SIZE" "$imp_s"
line '... 2 thr' "$SIZE" "$imp2_s"
line csvcat "$SLICE" "$cats_s"
line rm-import "$SLICE" "$imps_s"
if [ $have_mlr = 1 ]; then
	mlr_s=$(stat mlr "$slice_bytes")
	line mlr "$SLICE" "$mlr_s"
fi

status=0
verdict() { # name ratio target
	ok=$(awk -v r="$2" -v t="$3" 'BEGIN { print (r >= t) ? "ok" : "MISSED" }')
	printf '  %-28s %6.2f  (target >= %s) %s\n' "$1" "$2" "$3" "$ok"
	[ "$ok" = ok ] || status=1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
echo "ratios (throughput from the best wall time; the same from cpu time below):"
r_wall=$(ratio "$(echo "$imp_s" | cut -d' ' -f5)" "$(echo "$cat_s" | cut -d' ' -f5)")
r_cpu=$(ratio "$(echo "$imp_s" | cut -d' ' -f7)" "$(echo "$cat_s" | cut -d' ' -f7)")
verdict "rm-import / csvcat" "$r_wall" 0.85
echo "    (cpu time: $r_cpu)"
if [ $have_mlr = 1 ]; then
	r_wall=$(ratio "$(echo "$imp_s" | cut -d' ' -f5)" "$(echo "$mlr_s" | cut -d' ' -f5)")
	r_cpu=$(ratio "$(echo "$imp_s" | cut -d' ' -f7)" "$(echo "$mlr_s" | cut -d' ' -f7)")
	verdict "rm-import / mlr" "$r_wall" 6
	echo "    (cpu time: $r_cpu; mlr uses several threads)"
else
	echo "  mlr not installed: Miller ratio not measured"
fi
# Load-independent cross-check: instructions executed (callgrind) on a
# small slice; on a busy machine wall and even CPU times are disturbed.
if [ "${BENCH_CALLGRIND:-1}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	"$BUILD/gen-crm" csv --bytes 10M -o "$tmp/small.csv" || die "gen-crm failed"
	ir() { # out-file cmd...: instructions executed
		o=$1
		shift
		valgrind --tool=callgrind --callgrind-out-file="$o" "$@" \
			"$tmp/small.csv" >/dev/null 2>"$tmp/vg.err" || {
			cat "$tmp/vg.err" >&2
			die "valgrind $1 failed"
		}
		awk '/^summary:/ { print $2 }' "$o"
	}
	ir_cat=$(ir "$tmp/cg.csvcat" "$tmp/csvcat")
	ir_imp=$(ir "$tmp/cg.import" "$BINDIR/rm-import" -q -p salesforce-opportunities)
	echo "instructions on a 10 MB slice (callgrind): csvcat $ir_cat, rm-import $ir_imp"
	# per thread: the parsing thread is the longer one, the bound on
	# rm-import's time when each thread has a processor
	valgrind --tool=callgrind --separate-threads=yes \
		--callgrind-out-file="$tmp/cgt" "$BINDIR/rm-import" -q \
		-p salesforce-opportunities "$tmp/small.csv" >/dev/null 2>"$tmp/vg.err" ||
		die "valgrind rm-import (threads) failed"
	per=$(for f in "$tmp"/cgt-*; do awk '/^summary:/ { printf "%s ", $2 }' "$f"; done)
	echo "  rm-import per thread (callgrind): $per"
	printf '  %-28s %6.2f  (instruction ratio, for comparison)\n' \
		"csvcat / rm-import" "$(ratio "$ir_cat" "$ir_imp")"
	if [ -n "${BENCH_PROFILE:-}" ]; then
		callgrind_annotate "$tmp/cg.import" 2>/dev/null | sed -n '/file:function/,$p' |
			head -25 >"$BENCH_PROFILE"
		echo "  rm-import profile (top functions) written to $BENCH_PROFILE"
	fi
fi
# Memory: the whole file must not need more than the slice (plus slack).
rss_big=$(echo "$imp_s" | cut -d' ' -f4)
rss_slice=$(echo "$imps_s" | cut -d' ' -f4)
if [ "$rss_big" -le $((rss_slice * 3 / 2 + 8192)) ]; then
	echo "  memory bounded: peak RSS ${rss_big} KB on $SIZE vs ${rss_slice} KB on $SLICE ok"
else
	echo "  memory grows with the file: peak RSS ${rss_big} KB on $SIZE vs ${rss_slice} KB on $SLICE MISSED"
	status=1
fi
exit $status
