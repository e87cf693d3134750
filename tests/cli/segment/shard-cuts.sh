#!/bin/sh
# Sharded runs equal one run: for K = 1, 2 and 7 shards of a random
# partition by account, every shard's --partial, one --merge into cut
# points, then every shard with --cuts; the cut points equal those a
# single run writes with --cuts-out, and the shards' rows together are
# the rows of the single run (sorted; a split into consecutive blocks
# of rows gives them in the same order, without sorting).  Covers
# --ntile, --tiers, --matrix (a reversed risk column) and --rfm, on
# values with ties, decimals and missing values.
set -e
d=$TMP
fail() { echo "FAIL: $*"; exit 1; }

awk 'BEGIN { srand(11); print "account\tarr\thealth\tname";
	for (i = 0; i < 500; i++) {
		arr = (rand() < 0.08) ? "" : int(rand() * 60) * 250 + (rand() < 0.3 ? 0.5 : 0);
		h = (rand() < 0.1) ? "" : int(rand() * 1000) / 10;
		printf "a%d\t%s\t%s\tn%d\n", i, arr, h, int(rand() * 9)
	} }' >$d/acc.tsv
awk 'BEGIN { srand(12); print "account\tdate\ttype\tvalue\tref";
	for (i = 0; i < 3000; i++) {
		a = int(rand() * 400)
		t = rand() < 0.85 ? "order" : "touch"
		m = 1 + int(rand() * 12); day = 1 + int(rand() * 28)
		v = t == "order" ? int(rand() * 40000) / 100 : ""
		r = t == "order" ? "o" int(rand() * 2000) : ""
		printf "c%d\t2024-%02d-%02d\t%s\t%s\t%s\n", a, m, day, t, v, r
	} }' >$d/ev.tsv

# split IN K: shards $d/s1.tsv ... by a random shard per account
split_random() {
	rm -f $d/s*.tsv
	awk -F'\t' -v k="$2" -v d="$d" 'BEGIN { srand(k * 31) }
		NR == 1 { for (i = 1; i <= k; i++) print > (d "/s" i ".tsv"); next }
		!($1 in shard) { shard[$1] = 1 + int(rand() * k) }
		{ print > (d "/s" shard[$1] ".tsv") }' "$1"
}

# split_blocks IN K: consecutive blocks of rows
split_blocks() {
	rm -f $d/s*.tsv
	awk -v k="$2" -v d="$d" 'NR == FNR { n++; next }
		FNR == 1 { for (i = 1; i <= k; i++) print > (d "/s" i ".tsv"); next }
		{ print > (d "/s" (1 + int((FNR - 2) * k / (n - 1))) ".tsv") }' "$1" "$1"
}

# body FILE...: the rows without the header
body() { for f in "$@"; do tail -n +2 "$f"; done; }

# sharded IN K SORT METHOD...: shards must give the single run's output
sharded() {
	in=$1 k=$2 sorted=$3
	shift 3
	rm -f $d/p*.tsv $d/o*.tsv
	rm-segment "$@" --cuts-out $d/cuts1.tsv $in >$d/single.tsv
	for i in $(seq 1 $k); do
		rm-segment "$@" --partial $d/s$i.tsv >$d/p$i.tsv
	done
	rm-segment "$@" --merge $d/p*.tsv >$d/cuts.tsv
	cmp -s $d/cuts.tsv $d/cuts1.tsv ||
		fail "$* K=$k: merged cuts differ from --cuts-out"
	for i in $(seq 1 $k); do
		rm-segment "$@" --cuts $d/cuts.tsv $d/s$i.tsv >$d/o$i.tsv
		[ "$(head -1 $d/o$i.tsv)" = "$(head -1 $d/single.tsv)" ] ||
			fail "$* K=$k: shard $i header"
	done
	if [ "$sorted" = sort ]; then
		body $(seq -f "$d/o%g.tsv" 1 $k) | sort >$d/got
		body $d/single.tsv | sort >$d/want
	else
		body $(seq -f "$d/o%g.tsv" 1 $k) >$d/got
		body $d/single.tsv >$d/want
	fi
	cmp -s $d/got $d/want || {
		diff $d/want $d/got | head -5
		fail "$* K=$k: shard rows differ from the single run"
	}
}

for k in 1 2 7; do
	split_random $d/acc.tsv $k
	sharded $d/acc.tsv $k sort --ntile arr=5
	sharded $d/acc.tsv $k sort --ntile health=100 --name pct
	sharded $d/acc.tsv $k sort --tiers arr=50,30,15,5
	sharded $d/acc.tsv $k sort --matrix arr,-health -m none
	split_blocks $d/acc.tsv $k
	sharded $d/acc.tsv $k keep --ntile arr=4
	sharded $d/acc.tsv $k keep --matrix arr,health
	split_random $d/ev.tsv $k
	sharded $d/ev.tsv $k sort --rfm
	sharded $d/ev.tsv $k sort --rfm --bins 3 --as-of 2024-10-31
done

# The test can fail: without --cuts, seven shards score differently.
split_random $d/acc.tsv 7
for i in 1 2 3 4 5 6 7; do
	rm-segment --ntile arr=5 $d/s$i.tsv >$d/o$i.tsv
done
rm-segment --ntile arr=5 $d/acc.tsv >$d/single.tsv
body $d/o?.tsv | sort >$d/got
body $d/single.tsv | sort >$d/want
! cmp -s $d/got $d/want || fail "local quantiles equal global ones"

# Shard summaries with --cuts add up to the single run's counts.
rm-segment --ntile arr=5 --cuts-out $d/cuts.tsv $d/acc.tsv >/dev/null
for i in 1 2 3 4 5 6 7; do
	rm-segment --ntile arr=5 --summary --cuts $d/cuts.tsv $d/s$i.tsv
done | awk -F'\t' '$2 != "accounts" { n[$1] += $2 }
	END { for (s in n) print s "\t" n[s] }' | sort >$d/got
rm-segment --ntile arr=5 --summary $d/acc.tsv |
	awk -F'\t' 'NR > 1 { print $1 "\t" $2 }' | sort >$d/want
cmp -s $d/got $d/want || fail "shard summaries do not add up"
exit 0
