#!/bin/sh
# The model chain over parts split by account, with no --as-of given to
# the parts (each has its own latest date): for K = 1, 2 and 7 parts and
# two random partitions, partial summaries merged (also as a tree) give
# the summary of one run (rows sorted: a merge keeps the parts' order),
# the fit on the merged partials is the fit of one run to the last
# digit, and each part scored with those parameters at the merged as-of
# date gives, concatenated and sorted, the scores of one run.
set -e
fail() { echo "FAIL: $*"; exit 1; }
zcat cdnow.tsv.gz >"$TMP/all.tsv"
rm-churn --summary "$TMP/all.tsv" >"$TMP/want-summary"
rm-churn --fit "$TMP/all.tsv" >"$TMP/want-fit"
rm-churn --model bgnbd --horizon 39 "$TMP/all.tsv" >"$TMP/want-scores"
sorted() { head -n 1 "$1"; tail -n +2 "$1" | LC_ALL=C sort; }
sorted "$TMP/want-summary" >"$TMP/want-summary.sorted"
sorted "$TMP/want-scores" >"$TMP/want-scores.sorted"
for k in 1 2 7; do
	for seed in 3 4; do
		rm -f "$TMP"/part*.tsv "$TMP"/s*.part
		awk -F'\t' -v k=$k -v seed=$seed -v dir="$TMP" '
		BEGIN { srand(seed) }
		NR == 1 { for (i = 1; i <= k; i++) print >(dir "/part" i ".tsv"); next }
		{ if (!($1 in s)) s[$1] = 1 + int(rand() * k); print >(dir "/part" s[$1] ".tsv") }
		' "$TMP/all.tsv"
		list=""
		for i in $(seq 1 $k); do
			rm-churn --summary --partial "$TMP/part$i.tsv" >"$TMP/s$i.part"
			list="$list $TMP/s$i.part"
		done
		rm-churn --summary --merge $list >"$TMP/summary"
		sorted "$TMP/summary" | cmp -s - "$TMP/want-summary.sorted" ||
			fail "merged summary, k=$k seed=$seed"
		[ $k -eq 1 ] && { cmp -s "$TMP/summary" "$TMP/want-summary" ||
			fail "one part keeps the input order"; }
		# a tree: the first part alone, then the rest with it
		rm-churn --summary --partial --merge "$TMP/s1.part" >"$TMP/t1.part"
		rm-churn --summary --partial --merge $list >"$TMP/all.part"
		rm-churn --fit --merge "$TMP/all.part" >"$TMP/fit"
		cmp -s "$TMP/fit" "$TMP/want-fit" || fail "fit, k=$k seed=$seed"
		as_of=$(awk -F'\t' '$2 == "as_of" { print $8 }' "$TMP/all.part")
		[ "$as_of" = 1998-06-30 ] || fail "as_of record '$as_of'"
		: >"$TMP/scores"
		for i in $(seq 1 $k); do
			rm-churn --params "$TMP/fit" --horizon 39 --merge \
			    --as-of "$as_of" "$TMP/s$i.part" >"$TMP/one"
			tail -n +2 "$TMP/one" >>"$TMP/scores"
			# the same from the part's events
			rm-churn --params "$TMP/fit" --horizon 39 \
			    --as-of "$as_of" "$TMP/part$i.tsv" | cmp -s - "$TMP/one" ||
				fail "scores from events, part $i"
		done
		{ head -n 1 "$TMP/want-scores"; LC_ALL=C sort "$TMP/scores"; } |
			cmp -s - "$TMP/want-scores.sorted" || fail "scores, k=$k seed=$seed"
	done
done
# The unit is chosen at the merge: day and month too (the last partition).
for unit in day month; do
	rm-churn --summary --unit $unit "$TMP/all.tsv" >"$TMP/want-u"
	rm-churn --summary --unit $unit --merge $list >"$TMP/got-u"
	sorted "$TMP/want-u" >"$TMP/want-u.sorted"
	sorted "$TMP/got-u" | cmp -s - "$TMP/want-u.sorted" || fail "summary in ${unit}s"
done
# Accounts = 2 mod 7 have no order on the last day: scored at their own
# latest date their scores differ, at the merged one they are one run's.
awk -F'\t' 'NR == 1 || $1 % 7 == 2' "$TMP/all.tsv" >"$TMP/early.tsv"
rm-churn --summary --partial "$TMP/early.tsv" >"$TMP/early.part"
grep -q '	as_of	.*1998-06-29$' "$TMP/early.part" || fail "early part's as_of"
rm-churn --params "$TMP/fit" --horizon 39 --merge "$TMP/early.part" >"$TMP/own"
rm-churn --params "$TMP/fit" --horizon 39 --merge --as-of 1998-06-30 \
    "$TMP/early.part" >"$TMP/merged"
cmp -s "$TMP/own" "$TMP/merged" && fail "the as-of date made no difference"
tail -n +2 "$TMP/merged" | grep -v -x -F -f "$TMP/want-scores" && fail "early part's scores"
# --as-of before a part's latest date cannot be met exactly
rm-churn --summary --merge --as-of 1998-06-01 "$TMP/early.part" 2>"$TMP/err" && fail "as-of before a part"
grep -q "after --as-of 1998-06-01" "$TMP/err" || fail "message: $(cat "$TMP/err")"
echo ok
