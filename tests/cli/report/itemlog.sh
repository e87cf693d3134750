#!/bin/sh
# Property: the paired items' events set aside on disk (RMKIT_ITEM_MEMORY=0
# writes every full buffer out at once; 20000 holds some in memory) give
# the same stdout, stderr and exit status as the default, which holds them
# all in memory on these inputs, and as a partial merged back (--partial
# keeps the items in memory); on one, two and three threads, unsorted and
# sorted by account.  The temporary file is in $TMPDIR and is gone (it is
# unlinked when made); a $TMPDIR that cannot hold it is a system error
# (status 4) that names it.
set -eu
. ./compare.inc
gen=$BUILD/gen-crm
$gen events --accounts 3000 --events 60000 >"$TMP/ev.tsv"
$gen accounts --rows 3000 >"$TMP/acc.tsv"
head -1 "$TMP/ev.tsv" >"$TMP/sorted.tsv"
tail -n +2 "$TMP/ev.tsv" | sort -t "$(printf '\t')" -k1,1 -s >>"$TMP/sorted.tsv"
mkdir "$TMP/tmpdir"
run() { # run NAME MEMORY THREADS ARGS...: stdout, stderr, status in $TMP/NAME.*
	name=$1 memory=$2 threads=$3
	shift 3
	capture "$name" env TMPDIR="$TMP/tmpdir" RMKIT_ITEM_MEMORY="$memory" \
		RMKIT_THREADS="$threads" RMKIT_SPLIT_BYTES=1 rm-report "$@"
}
n=0
for file in ev sorted; do
	for args in "-a $TMP/acc.tsv -b owner -n 12 -f json" \
		"-a $TMP/acc.tsv -b segment -p quarter -n 4 -k tickets_open,ticket_median_days,win_rate,overdue_amount,renewal_rate,escalation_median_days,open_pipeline" \
		"-n 24 -p month"; do
		# shellcheck disable=SC2086
		run want "" 1 $args "$TMP/$file.tsv"
		for memory in 0 20000; do
			for threads in 1 2 3; do
				# shellcheck disable=SC2086
				run got $memory $threads $args "$TMP/$file.tsv"
				same want got "$file, memory $memory, $threads threads, $args"
				n=$((n + 1))
			done
		done
	done
done
# the comparisons had the paired KPIs, with values
run want "" 1 -a "$TMP/acc.tsv" -b owner -n 12 -f json "$TMP/ev.tsv"
for kpi in ticket_median_days tickets_open win_rate overdue_amount \
	renewal_rate escalation_median_days open_pipeline; do
	grep -q "\"$kpi\": [0-9]" "$TMP/want.out" ||
		{ echo "no value of $kpi"; exit 1; }
done
# a partial (items in memory) merged back gives the same report
rm-report --partial -a "$TMP/acc.tsv" -b owner -n 12 "$TMP/ev.tsv" >"$TMP/p"
run merged 0 2 --merge -f json "$TMP/p"
same want merged "partial merged"
# nothing left behind in TMPDIR
[ -z "$(ls -A "$TMP/tmpdir")" ] || { echo "files left in TMPDIR"; exit 1; }
# a TMPDIR that is not there: status 4, the directory named (not under
# valgrind, which keeps its own files in TMPDIR and cannot start there)
if [ "${RMKIT_VALGRIND:-}" = 1 ]; then
	echo "ok: $n comparisons (missing TMPDIR not checked under valgrind)"
	exit 0
fi
set +e
TMPDIR=$TMP/none RMKIT_ITEM_MEMORY=0 rm-report -n 2 "$TMP/ev.tsv" \
	>"$TMP/none.out" 2>"$TMP/none.err"
st=$?
set -e
[ $st = 4 ] || { echo "missing TMPDIR: status $st, want 4"; exit 1; }
grep -qx "rm-report: cannot make a temporary file in '$TMP/none': No such file or directory" \
	"$TMP/none.err" || { echo "missing TMPDIR: message:"; cat "$TMP/none.err"; exit 1; }
[ ! -s "$TMP/none.out" ] || { echo "missing TMPDIR: a report was written"; exit 1; }
echo "ok: $n comparisons"
