#!/bin/sh
# --accounts-out has no partial form: its rows are per account.  Parts
# split by account, each given the same --as-of (or --to), write rows
# that, concatenated without their headers and sorted (byte order, as
# one run without --accounts writes them), are one run's output.
# Without a common --as-of a part's latest date would end its accounts'
# tenure and revenue early: the test checks that this is noticed.
set -e
fail() { echo "FAIL: $*"; exit 1; }
awk 'BEGIN {
	srand(5); print "account\tdate\ttype\tvalue\tref"
	for (i = 0; i < 1500; i++) {
		a = int(rand() * 50); y = 2022 + int(rand() * 3)
		if (a % 10 == 9) y = 2022
		printf "acct%d\t%04d-%02d-%02d\tmrr\t%s\tsub%d\n", a, y,
		    1 + int(rand() * 12), 1 + int(rand() * 28),
		    rand() < 0.3 ? 0 : int(rand() * 100000) / 100, int(rand() * 2)
	}
}' >"$TMP/all.tsv"
for k in 1 2 7; do
	for opts in "--as-of 2024-12-31" "--period quarter --to 2025-Q2"; do
		rm-churn --accounts-out $opts "$TMP/all.tsv" >"$TMP/want"
		rm -f "$TMP"/part*.tsv
		awk -F'\t' -v k=$k -v dir="$TMP" '
		BEGIN { srand(k) }
		NR == 1 { for (i = 1; i <= k; i++) print >(dir "/part" i ".tsv"); next }
		{ if (!($1 in s)) s[$1] = 1 + int(rand() * k); print >(dir "/part" s[$1] ".tsv") }
		' "$TMP/all.tsv"
		: >"$TMP/rows"
		for i in $(seq 1 $k); do
			rm-churn --accounts-out $opts "$TMP/part$i.tsv" | tail -n +2 >>"$TMP/rows"
		done
		{ head -n 1 "$TMP/want"; LC_ALL=C sort "$TMP/rows"; } >"$TMP/got"
		cmp -s "$TMP/want" "$TMP/got" || fail "k=$k $opts"
	done
done
# Accounts that stop in 2022 (a % 10 == 9), alone in a part without
# --as-of: their tenure and revenue end at that part's latest date.
awk -F'\t' 'NR == 1 || $1 ~ /9$/' "$TMP/all.tsv" >"$TMP/early.tsv"
rm-churn --accounts-out "$TMP/early.tsv" | tail -n +2 >"$TMP/early"
rm-churn --accounts-out "$TMP/all.tsv" >"$TMP/full"
grep -v -F -x -f "$TMP/full" "$TMP/early" >/dev/null ||
	fail "a part's own as-of date gave one run's rows"
echo ok
