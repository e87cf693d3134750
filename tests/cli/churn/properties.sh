#!/bin/sh
# Properties of rm-churn over random inputs (fixed seeds, so a failure
# repeats): in every row of the period table, for every --period,
#   mrr_start + mrr_new + mrr_expansion + mrr_reactivation
#     - mrr_contraction - mrr_churned = mrr_end        (in whole cents)
#   customers_start + new + reactivated - churned = customers_end
#   each row's mrr_start = the previous row's mrr_end
# and the output does not change when the input is shuffled or split
# into two files.
set -e
fail() { echo "FAIL: $*"; exit 1; }
for seed in 1 2 3 4 5; do
	awk -v seed=$seed 'BEGIN {
		srand(seed)
		print "account\tdate\ttype\tvalue\tref"
		n = 300 + int(rand() * 300)
		if (seed == 5) n = 3000
		for (i = 0; i < n; i++) {
			a = int(rand() * 40); s = int(rand() * 3)
			y = 2022 + int(rand() * 3); m = 1 + int(rand() * 12)
			d = 1 + int(rand() * 28)
			v = rand() < 0.3 ? 0 : int(rand() * 100000) / 100
			# two events of one subscription on one day are
			# settled by value: also independent of the order
			printf "acct%d\t%04d-%02d-%02d\tmrr\t%s\tsub%d\n", a, y, m, d, v, s
		}
	}' >"$TMP/ev.tsv"
	# A shuffled copy, split into two files with their own headers.
	awk -v seed=$seed 'BEGIN { srand(seed + 100) } NR > 1 { print rand() "\t" $0 }' "$TMP/ev.tsv" |
		sort -n | cut -f2- >"$TMP/body"
	n=$(wc -l <"$TMP/body")
	head -1 "$TMP/ev.tsv" >"$TMP/p1.tsv"
	head -1 "$TMP/ev.tsv" >"$TMP/p2.tsv"
	head -n $((n / 2)) "$TMP/body" >>"$TMP/p1.tsv"
	tail -n +$((n / 2 + 1)) "$TMP/body" >>"$TMP/p2.tsv"
	for p in month quarter year; do
		rm-churn --period $p "$TMP/ev.tsv" >"$TMP/a.out"
		rm-churn --period $p "$TMP/p1.tsv" "$TMP/p2.tsv" >"$TMP/b.out"
		cmp -s "$TMP/a.out" "$TMP/b.out" || fail "seed $seed $p: shuffled input gives other output"
		rows=$(awk 'NR > 1' "$TMP/a.out" | wc -l)
		[ "$rows" -ge 1 ] || fail "seed $seed $p: no rows"
		awk -F'\t' '
		function c(x) { sub(/\./, "", x); return x + 0 }
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		{
			lhs = c($col["mrr_start"]) + c($col["mrr_new"]) + c($col["mrr_expansion"]) + c($col["mrr_reactivation"]) - c($col["mrr_contraction"]) - c($col["mrr_churned"])
			if (lhs != c($col["mrr_end"])) { print "row " NR ": mrr identity " lhs " != " c($col["mrr_end"]); bad = 1 }
			if ($col["customers_start"] + $col["new"] + $col["reactivated"] - $col["churned"] != $col["customers_end"]) { print "row " NR ": logo identity"; bad = 1 }
			if (NR > 2 && c($col["mrr_start"]) != prev) { print "row " NR ": start != previous end"; bad = 1 }
			if (NR > 2 && $col["customers_start"] != prevc) { print "row " NR ": customers_start != previous end"; bad = 1 }
			prev = c($col["mrr_end"]); prevc = $col["customers_end"]
			if ($0 ~ /nan|inf/) { print "row " NR ": nan"; bad = 1 }
		}
		END { exit bad }' "$TMP/a.out" || fail "seed $seed $p: identity"
		# The modes agree: the account summary's MRR and active
		# accounts are the last row's mrr_end and customers_end; the
		# cohorts hold every account that was ever active, and their
		# MRR at each period is that period's mrr_end.
		rm-churn --accounts-out --period $p "$TMP/ev.tsv" >"$TMP/acc.out"
		rm-churn --cohorts --long --period $p "$TMP/ev.tsv" >"$TMP/coh.out"
		last=$(tail -1 "$TMP/a.out" | awk -F'\t' '{ print $7 "\t" $16 }')
		acc=$(awk -F'\t' 'NR > 1 { c[$2]++; if ($2 == "active" || $2 == "reactivated") n++; sub(/\./, "", $6); m += $6 }
			END { printf "%d\t%.2f\n", n, m / 100 }' "$TMP/acc.out")
		[ "$last" = "$acc" ] || fail "seed $seed $p: last row $last, accounts $acc"
		ever=$(awk -F'\t' 'NR > 1 && $2 != "never"' "$TMP/acc.out" | wc -l)
		coh=$(awk -F'\t' 'NR > 1 && $2 == 0 { n += $4 } END { print n + 0 }' "$TMP/coh.out")
		[ "$ever" -eq "$coh" ] || fail "seed $seed $p: $ever accounts ever active, cohorts hold $coh"
		awk -F'\t' 'FNR == 1 { f++; next }
			f == 1 { sub(/\./, "", $16); end[$1] = $16 + 0 }
			f == 2 { sub(/\./, "", $7); s[$3] += $7 }
			END { for (p in end) if (end[p] != s[p] + 0) { print p ": " end[p] " != " s[p]; exit 1 } }' \
			"$TMP/a.out" "$TMP/coh.out" || fail "seed $seed $p: cohort MRR differs from mrr_end"
		for mode in --cohorts --accounts-out --renewals; do
			rm-churn $mode --period $p "$TMP/ev.tsv" >"$TMP/a.out"
			rm-churn $mode --period $p "$TMP/p1.tsv" "$TMP/p2.tsv" >"$TMP/b.out"
			cmp -s "$TMP/a.out" "$TMP/b.out" || fail "seed $seed $p $mode: shuffled input gives other output"
		done
	done
done
# The identity check can fail: a table with a wrong number must be caught.
rm-churn "$TMP/ev.tsv" | awk -F'\t' 'NR == 3 { $10 = "1.00" } 1' OFS='\t' >"$TMP/bad.out"
awk -F'\t' 'NR > 1 { sub(/\./, "", $10); sub(/\./, "", $16); s[NR] = $10 + 0; e[NR] = $16 + 0 }
	END { for (i = 3; i <= NR; i++) if (s[i] != e[i - 1]) exit 0; exit 1 }' "$TMP/bad.out" ||
	fail "the check does not notice a changed mrr_start"
echo "ok"
