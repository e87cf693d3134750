#!/bin/sh
# --partial / --merge over random partitions of the accounts: for K = 1,
# 2 (two seeds) and 7 parts, the merge of the parts' partials (in any
# order, and as a tree: merges of merges written with --partial) is
# byte-identical to one run over all the events, for the period table
# (month, quarter, --by), the cohorts (logos and mrr, matrix and long,
# --by) and the renewals (--by).  No --from, --to or --as-of: each part
# has its own first period and as-of date, which the merge must extend.
set -e
fail() { echo "FAIL: $*"; exit 1; }
awk 'BEGIN {
	srand(7); print "account\tdate\ttype\tvalue\tref"
	for (i = 0; i < 3000; i++) {
		a = int(rand() * 80); y = 2021 + int(rand() * 4)
		if (a % 10 == 9) y = 2021   # accounts that stop early
		d = sprintf("%04d-%02d-%02d", y, 1 + int(rand() * 12), 1 + int(rand() * 28))
		r = rand()
		if (r < 0.6)
			printf "acct%d\t%s\tmrr\t%s\tsub%d\n", a, d,
			    rand() < 0.3 ? 0 : int(rand() * 100000) / 100, int(rand() * 2)
		else if (r < 0.75)
			printf "acct%d\t%s\trenewal_due\t%d\tc%d\n", a, d, int(rand() * 5000), int(rand() * 6)
		else if (r < 0.88)
			printf "acct%d\t%s\trenewed\t%d\tc%d\n", a, d, int(rand() * 5000), int(rand() * 6)
		else
			printf "acct%d\t%s\ttouch\t\t\n", a, d
	}
	# open on its part'"'"'s as-of date, past due at the latest one
	print "acct77\t2024-12-30\trenewal_due\t100\tlate"
	# an account alone in its part must still move the as-of date
	print "acct999\t2025-03-02\ttouch\t\t"
}' >"$TMP/all.tsv"
{ printf 'account\towner\n'; i=0; while [ $i -lt 80 ]; do
	[ $((i % 7)) -ne 3 ] && printf 'acct%d\trm%d\n' $i $((i % 5))
	i=$((i + 1)); done; } >"$TMP/acc.tsv"

# split K SEED: $TMP/part1.tsv .. partK.tsv, accounts at random
split() {
	awk -F'\t' -v k="$1" -v seed="$2" -v dir="$TMP" '
	BEGIN { srand(seed) }
	NR == 1 { for (i = 1; i <= k; i++) print >(dir "/part" i ".tsv"); next }
	{ if (!($1 in s)) s[$1] = 1 + int(rand() * k); print >(dir "/part" s[$1] ".tsv") }
	' "$TMP/all.tsv"
}

check() { # mode options...
	want=$TMP/want
	rm-churn -q "$@" "$TMP/all.tsv" >"$want"
	for ks in 1:1 2:1 2:2 7:1; do
		k=${ks%:*} seed=${ks#*:}
		{
			rm -f "$TMP"/part*.tsv "$TMP"/p*.part
			split $k $seed
			list=""
			for i in $(seq 1 $k); do
				rm-churn -q --partial "$@" "$TMP/part$i.tsv" >"$TMP/p$i.part"
				list="$TMP/p$i.part $list" # reversed order
			done
			fin=$(echo "$@" | sed 's/--by [a-z]*//; s/--accounts [^ ]*//;
			    s/--from [^ ]*//; s/--to [^ ]*//; s/--as-of [^ ]*//')
			rm-churn --merge $fin $list >"$TMP/got"
			cmp -s "$want" "$TMP/got" || { diff "$want" "$TMP/got" | head -5; fail "merge k=$k seed=$seed: $*"; }
			# a tree: pairs merged with --partial, then merged again
			set -- $list
			top=""
			while [ $# -gt 0 ]; do
				if [ $# -ge 2 ]; then
					rm-churn --merge --partial $fin "$1" "$2" >"$TMP/t$#.part"
					top="$top $TMP/t$#.part"; shift 2
				else
					top="$top $1"; shift
				fi
			done
			rm-churn --merge --partial $fin $top >"$TMP/top.part"
			rm-churn --merge $fin "$TMP/top.part" >"$TMP/got"
			cmp -s "$want" "$TMP/got" || fail "tree merge k=$k seed=$seed: $*"
			set -- $opts_saved
		}
	done
}

for opts in "" "--period quarter" "--by owner --accounts $TMP/acc.tsv" \
    "--cohorts" "--cohorts --measure mrr --long" \
    "--cohorts --period quarter --by owner --accounts $TMP/acc.tsv --long" \
    "--cohorts --measure mrr --by owner --accounts $TMP/acc.tsv --from 2022-03" \
    "--renewals" "--renewals --period quarter --by owner --accounts $TMP/acc.tsv" \
    "--from 2022-03 --to 2023-06" \
    "--renewals --as-of 2024-06-30" "--renewals --to 2023-12 --by owner --accounts $TMP/acc.tsv"; do
	opts_saved=$opts
	check $opts
done
echo ok
