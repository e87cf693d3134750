#!/bin/sh
# parallel.sh - the whole rmkit pipeline on K shards of the events, run
# by GNU parallel, with the results a single process gives.
#
#   sh examples/parallel.sh [-k K] [-j JOBS] [-o DIR] [-d DATE] [--sorted]
#                           [--verify | --single | --compare]
#                           -a ACCOUNTS EVENTS...
#
#   1. partition  the events are hash-partitioned by account into K shards:
#                 GNU parallel --pipepart gives each job slot one block of
#                 the file, and an awk splitter per block sends each line
#                 to the shard of its account (a hash of the account, so
#                 every splitter agrees; with -j 2 or less, one splitter
#                 reads the file); the account table is split by the same
#                 hash.  With --sorted, the file is cut at account changes.
#   2. map        per shard (parallel, one job per shard): RFM --partial,
#                 whose parts also give the latest event date (the
#                 --as-of of every step); then rm-health; rm-segment
#                 --partial of the quantile methods; rm-churn --partial
#                 (periods and cohorts).
#   3. reduce     rm-segment --merge writes the cut points of the whole
#                 data; rm-churn --merge the period and cohort tables.
#   4. map        per shard: rm-segment --cuts (tiers, then the value x
#                 risk grid) and rules; RFM with --cuts; then, with the
#                 scored account table of all shards, rm-report --partial.
#   5. reduce     rm-report --merge writes report.tsv and report.html.
#
# Results in DIR (default ./parallel-out): health.tsv, accounts-scored.tsv,
# rfm.tsv (per-account tables: the shards' rows one after the other, shard
# 0 first), churn.tsv, cohorts.tsv, report.tsv, report.html.
#
#   -k K         shards (default: the number of CPUs)
#   -j JOBS      jobs at once (default: the number of CPUs)
#   -o DIR       where the results go (work files in DIR/work)
#   --verify     also run the single-process pipeline into DIR/single and
#                compare: per-account tables row for row after sorting
#                (their order is the shards'), the rest byte for byte;
#                exit 1 on a difference
#   -d DATE      the as-of day of every step (default: the latest event date)
#   --sorted     EVENTS (one file) is grouped by account, accounts ascending
#                in byte order (LC_ALL=C sort -t TAB -k1,1 -s): cut it into
#                K ranges of bytes at account changes instead of hashing
#                every line (much faster; see split_sorted below)
#   --single     run only the single-process pipeline (into DIR/single)
#   --compare    run nothing: compare the results in DIR with DIR/single
#
# Several hosts: the jobs of steps 2 and 4 are plain commands on files, so
# GNU parallel can run them elsewhere with --sshlogin host1,host2 (and
# --transferfile / --return / --cleanup, or a shared file system); the
# programs and this script must be installed on every host.  Hadoop
# Streaming: see examples/hadoop-streaming.md.
set -eu
LC_ALL=C # the splitter hashes bytes
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
script=$here/$(basename "$0")
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
export PATH

# The pipeline's options, the same in both runs.
TIERS='--tiers arr -N value_tier'
MATRIX='--matrix arr,-health -m unscored -N action'
REPORT_OPTS='-n 3'
rules() {
	rm-segment -q -N focus -d other \
		-r 'key: value_tier == "A" and action != "deprioritise"' \
		-r 'watch: band == "red"' "$@"
}
# Whether rm-report has --partial and --merge (else step 5 is one process).
report_parts() { rm-report --help | grep -q -- --partial; }

# ---- the single-process pipeline ----

single() {
	sd=$1 sacc=$2
	shift 2
	mkdir -p "$sd"
	rm-health -q $D -a "$sacc" -o "$sd/health.tsv" "$@"
	rm-segment -q $TIERS "$sd/health.tsv" | rm-segment -q $MATRIX |
		rules -o "$sd/accounts-scored.tsv"
	rm-segment -q --rfm $RFM_D -o "$sd/rfm.tsv" "$@"
	rm-churn -q $D -o "$sd/churn.tsv" "$@"
	rm-churn -q $D --cohorts -o "$sd/cohorts.tsv" "$@"
	rm-report -q $D -a "$sd/accounts-scored.tsv" $REPORT_OPTS \
		-o "$sd/report.tsv" "$@"
	rm-report -q $D -a "$sd/accounts-scored.tsv" $REPORT_OPTS -f html \
		-o "$sd/report.html" "$@"
}

# ---- the jobs GNU parallel runs (this script called as "parallel.sh _X") ----

# _map0 WORK SHARD: the RFM partial (its "latest" row: the as-of day).
map0() {
	w=$1 s=$2
	set -- "$w"/ev-*-"$s".tsv
	rm-segment -q --rfm $RFM_D --partial -o "$w/rfm-$s.part" "$@"
}

# _map1 WORK SHARD AS_OF: health, the partials.
map1() {
	w=$1 s=$2 day=$3
	set -- "$w"/ev-*-"$s".tsv
	rm-health -q -d "$day" -a "$w/acc-1-$s.tsv" -o "$w/health-$s.tsv" "$@"
	rm-segment -q $TIERS --partial -o "$w/tiers-$s.part" "$w/health-$s.tsv"
	rm-segment -q $MATRIX --partial -o "$w/matrix-$s.part" \
		"$w/health-$s.tsv"
	rm-churn -q -d "$day" --partial -o "$w/churn-$s.part" "$@"
	rm-churn -q -d "$day" --cohorts --partial -o "$w/cohorts-$s.part" "$@"
}

# _map2 WORK SHARD AS_OF: segments with the cut points, RFM, the report part.
map2() {
	w=$1 s=$2 day=$3
	set -- "$w"/ev-*-"$s".tsv
	rm-segment -q $TIERS --cuts "$w/tiers.cuts" "$w/health-$s.tsv" |
		rm-segment -q $MATRIX --cuts "$w/matrix.cuts" |
		rules -o "$w/scored-$s.tsv"
	rm-segment -q --rfm $RFM_D --cuts "$w/rfm.cuts" -o "$w/rfm-$s.tsv" "$@"
}

# _map3 WORK SHARD AS_OF TABLE: the report partial, with the whole account
# table (every partial of a merge must be made with the same table).
map3() {
	w=$1 s=$2 day=$3 table=$4
	set -- "$w"/ev-*-"$s".tsv
	rm-report -q -d "$day" --partial -a "$table" $REPORT_OPTS \
		-o "$w/report-$s.part" "$@"
}

case ${1:-} in
_map0) shift; map0 "$@"; exit 0 ;;
_map1) shift; map1 "$@"; exit 0 ;;
_map2) shift; map2 "$@"; exit 0 ;;
_map3) shift; map3 "$@"; exit 0 ;;
esac

# ---- comparing with the single run ----

compare() {
	bad=0
	for f in health.tsv accounts-scored.tsv rfm.tsv; do
		{ head -n 1 "$out/$f"; tail -n +2 "$out/$f" | sort; } >"$out/got.tmp"
		{ head -n 1 "$out/single/$f"; tail -n +2 "$out/single/$f" | sort; } >"$out/want.tmp"
		cmp -s "$out/got.tmp" "$out/want.tmp" ||
			{ echo "parallel.sh: $f differs from the single run" >&2; bad=1; }
	done
	rm -f "$out/got.tmp" "$out/want.tmp"
	for f in churn.tsv cohorts.tsv report.tsv report.html; do
		cmp -s "$out/$f" "$out/single/$f" ||
			{ echo "parallel.sh: $f differs from the single run" >&2; bad=1; }
	done
	[ $bad = 0 ] || exit 1
	echo "parallel.sh: the results in $out are those of the single process"
}

# ---- options ----

cpus=$(nproc 2>/dev/null || echo 2)
k=$cpus jobs=$cpus out=./parallel-out verify=0 only_single=0 accounts=
only_compare=0 sorted=0 as_of=
usage() {
	echo "usage: sh examples/parallel.sh [-k K] [-j JOBS] [-o DIR] [-d DATE] [--sorted] [--verify | --single | --compare] -a ACCOUNTS EVENTS..." >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	-k) k=${2:?}; shift 2 ;;
	-j) jobs=${2:?}; shift 2 ;;
	-o) out=${2:?}; shift 2 ;;
	-a) accounts=${2:?}; shift 2 ;;
	--verify) verify=1; shift ;;
	--single) only_single=1; shift ;;
	--compare) only_compare=1; shift ;;
	--sorted) sorted=1; shift ;;
	-d) as_of=${2:?}; shift 2 ;;
	-h | --help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $only_compare = 1 ] || { [ $# -gt 0 ] && [ -n "$accounts" ]; } || usage
# -d DATE: every program's as-of day (exported for the jobs); without it,
# the latest event date, from the RFM parts (RFM takes it from them too).
D=${as_of:+-d $as_of} RFM_D=${as_of:+--as-of $as_of}
export D RFM_D
[ $sorted = 0 ] || [ $# -eq 1 ] ||
	{ echo "parallel.sh: --sorted takes one events file" >&2; exit 2; }
case $k in '' | *[!0-9]* | 0) usage ;; esac
case $jobs in '' | *[!0-9]* | 0) usage ;; esac
command -v parallel >/dev/null 2>&1 ||
	{ echo "parallel.sh: GNU parallel is not installed" >&2; exit 4; }
mkdir -p "$out"
if [ $only_single = 1 ]; then
	single "$out/single" "$accounts" "$@"
	exit 0
fi
if [ $only_compare = 1 ]; then
	compare
	exit 0
fi
w=$out/work
rm -rf "$w"
mkdir -p "$w"

# RMKIT_TIMES=1: the elapsed seconds of each step on stderr.
t0=$(date +%s.%N)
step() {
	[ -n "${RMKIT_TIMES:-}" ] || return 0
	t1=$(date +%s.%N)
	echo "$1 $t0 $t1" | awk '{ printf "parallel.sh: %-10s %6.2f s\n", $1, $3 - $2 }' >&2
	t0=$t1
}

# ---- 1. partition ----

# The splitter: each line to the file PREFIX<shard>.tsv of its account's
# hash; every shard file gets the header, even when no line goes there.
cat >"$w/split.awk" <<'EOF'
BEGIN { FS = "\t"; for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i }
FNR == 1 {
	for (i = 1; i <= NF; i++) if ($i == "account" && !acol) acol = i
	if (!acol) { print "parallel.sh: no column 'account'" > "/dev/stderr"; exit 1 }
	for (s = 0; s < k; s++) print > (prefix s ".tsv")
	next
}
{
	a = $acol
	if (!(a in file)) {
		h = 0
		for (i = 1; i <= length(a); i++)
			h = (h * 31 + ord[substr(a, i, 1)]) % 2147483647
		file[a] = prefix (h % k) ".tsv"
	}
	print > file[a]
}
EOF
# --sorted: the events of the file grouped by account, accounts ascending
# in byte order.  The file is cut into K byte ranges at the first account
# change after each K-th of its size (a seek and a short read each); shard
# s holds the accounts from its first one up to the next shard's first one,
# and the account table is split by those same first accounts.
split_sorted() {
	f=$1
	case $f in *.gz) gzip -dc "$f" >"$w/in-1.tsv"; f=$w/in-1.tsv ;; esac
	head -n 1 "$f" >"$w/header"
	col() { tr '\t' '\n' <"$w/header" | grep -n -x -m 1 "$1" | cut -d: -f1; }
	acol=$(col account)
	[ -n "$acol" ] || { echo "parallel.sh: no column 'account'" >&2; exit 1; }
	size=$(wc -c <"$f") b=$(wc -c <"$w/header") i=1
	echo "$b" >"$w/bounds"
	while [ $i -lt "$k" ]; do
		off=$((b + (size - b) * i / k))
		[ "$off" -gt "$(tail -n 1 "$w/bounds" | cut -f1)" ] ||
			off=$(tail -n 1 "$w/bounds" | cut -f1)
		tail -c +$((off + 1)) "$f" | awk -F'\t' -v c="$acol" -v off="$off" -v size="$size" '
			NR == 1 { pos = length($0) + 1; next }
			NR == 2 { prev = $c }
			$c != prev { print off + pos "\t" $c; found = 1; exit }
			{ pos += length($0) + 1 }
			END { if (!found) print size "\t" }' >>"$w/bounds"
		i=$((i + 1))
	done
	echo "$size" >>"$w/bounds"
	s=0
	while [ $s -lt "$k" ]; do
		from=$(sed -n "$((s + 1))p" "$w/bounds" | cut -f1)
		to=$(sed -n "$((s + 2))p" "$w/bounds" | cut -f1)
		{
			cat "$w/header"
			tail -c +$((from + 1)) "$f" | head -c $((to - from))
		} >"$w/ev-1-1-$s.tsv" &
		s=$((s + 1))
	done
	wait
	awk -F'\t' -v k="$k" -v prefix="$w/acc-1-" -v bounds="$w/bounds" '
		BEGIN {
			while ((getline line < bounds) > 0)
				if (split(line, p, "\t") == 2) first[++n] = p[2] ""
		}
		FNR == 1 {
			for (i = 1; i <= NF; i++) if ($i == "account" && !c) c = i
			for (s = 0; s < k; s++) print > (prefix s ".tsv")
			next
		}
		{
			a = $c "" ; s = 0
			for (i = 1; i <= n; i++) if (first[i] != "" && a >= first[i]) s = i
			print > (prefix s ".tsv")
		}' "$accounts"
}

if [ $sorted = 1 ]; then
	split_sorted "$1"
else # one block of each file per job slot, split by a hash of the account
	n=0
	for f in "$@"; do
		n=$((n + 1))
		case $f in
		*.gz) gzip -dc "$f" >"$w/in-$n.tsv"; f=$w/in-$n.tsv ;;
		esac
		# --pipepart passes the blocks through perl: on two CPUs that
		# costs more than a second splitter saves, so one awk reads
		# the file then.
		if [ "$jobs" -le 2 ]; then
			awk -v k="$k" -v prefix="$w/ev-$n-1-" -f "$w/split.awk" "$f"
			continue
		fi
		parallel --will-cite --pipepart -a "$f" --block -1 --header 1 \
			-j "$jobs" awk -v k="$k" -v prefix="$w/ev-$n-{#}-" \
			-f "$w/split.awk"
	done
	awk -v k="$k" -v prefix="$w/acc-1-" -f "$w/split.awk" "$accounts"
fi
step partition

# ---- 2. map, 3. reduce, 4. map, 5. reduce ----

shards=$(seq 0 $((k - 1)))
parallel --will-cite -j "$jobs" --halt now,fail=1 sh "$script" _map0 "$w" {} ::: $shards
[ -n "$as_of" ] || as_of=$(awk -F'\t' '$2 == "latest" && $3 > m { m = $3 }
	END { print m }' "$w"/rfm-*.part)
[ -n "$as_of" ] || { echo "parallel.sh: no events" >&2; exit 1; }
parallel --will-cite -j "$jobs" --halt now,fail=1 sh "$script" _map1 "$w" {} "$as_of" ::: $shards
rm-segment -q $TIERS --merge -o "$w/tiers.cuts" "$w"/tiers-*.part
rm-segment -q $MATRIX --merge -o "$w/matrix.cuts" "$w"/matrix-*.part
rm-segment -q --rfm $RFM_D --merge -o "$w/rfm.cuts" "$w"/rfm-*.part
rm-churn -q --merge -o "$out/churn.tsv" "$w"/churn-*.part
rm-churn -q --cohorts --merge -o "$out/cohorts.tsv" "$w"/cohorts-*.part
step map+merge
parallel --will-cite -j "$jobs" --halt now,fail=1 sh "$script" _map2 "$w" {} "$as_of" ::: $shards

# Per-account tables: the shards' rows, shard 0 first, one header.
concat() {
	name=$1
	shift
	head -n 1 "$1" >"$out/$name"
	for f in "$@"; do tail -n +2 "$f"; done >>"$out/$name"
}
concat health.tsv $(for s in $shards; do echo "$w/health-$s.tsv"; done)
concat accounts-scored.tsv $(for s in $shards; do echo "$w/scored-$s.tsv"; done)
concat rfm.tsv $(for s in $shards; do echo "$w/rfm-$s.tsv"; done)
step map2

if report_parts; then
	parallel --will-cite -j "$jobs" --halt now,fail=1 sh "$script" _map3 "$w" {} \
		"$as_of" "$out/accounts-scored.tsv" ::: $shards
	rm-report -q --merge -o "$out/report.tsv" "$w"/report-*.part &
	rm-report -q --merge -f html -o "$out/report.html" "$w"/report-*.part
	wait $! || exit 1
else # no partial reports yet: over all the shards, the two at once
	rm-report -q -d "$as_of" -a "$out/accounts-scored.tsv" $REPORT_OPTS \
		-o "$out/report.tsv" "$w"/ev-*.tsv &
	rm-report -q -d "$as_of" -a "$out/accounts-scored.tsv" $REPORT_OPTS \
		-f html -o "$out/report.html" "$w"/ev-*.tsv || exit 1
	wait $! || exit 1
fi
step report

# ---- --verify ----

if [ $verify = 1 ]; then
	single "$out/single" "$accounts" "$@"
	compare
fi
