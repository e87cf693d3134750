#!/bin/sh
# Property: the events split into K = 1, 2 and 7 shards by account (a
# random partition, another seed for each option set, made with awk), each shard's partial made
# with --partial, and the partials merged with --merge (in a shuffled
# order, or as a tree: --merge --partial of some, then a merge of that
# with the rest on stdin) give byte for byte the output and the exit
# status of one run over all the events, for several option sets and
# every format.  Fixtures: see shard-NOTICE.
set -u
ev=shard-events.tsv
acc=shard-accounts.tsv
fail=0

# shards K SEED: $TMP/shard.0 .. shard.K-1, every account in one of them
shards() {
	rm -f "$TMP"/shard.* "$TMP"/part.*
	awk -F'\t' -v k="$1" -v seed="$2" -v dir="$TMP" '
		BEGIN { srand(seed) }
		NR == 1 { for (i = 0; i < k; i++) print > (dir "/shard." i); next }
		!($1 in part) { part[$1] = int(rand() * k) }
		{ print > (dir "/shard." part[$1]) }' "$ev"
}

# check K SEED "COMPUTATION OPTIONS" "OUTPUT OPTIONS"
check() {
	k=$1 seed=$2 comp=$3 out=$4
	rm-report -q $comp $out "$ev" >"$TMP/want" 2>"$TMP/want.err"
	want=$?
	shards "$k" "$seed"
	i=0
	while [ $i -lt "$k" ]; do
		rm-report -q --partial $comp "$TMP/shard.$i" >"$TMP/part.$i" ||
			{ echo "K=$k seed=$seed: --partial failed: $comp"; fail=1; return; }
		i=$((i + 1))
	done
	# shuffled order
	rm-report -q --merge $out $(ls "$TMP"/part.* | sort -r) >"$TMP/got" 2>"$TMP/got.err"
	got=$?
	if [ $got -ne $want ] || ! cmp -s "$TMP/want" "$TMP/got"; then
		echo "K=$k seed=$seed differs ($want/$got): $comp / $out"
		diff "$TMP/want" "$TMP/got" | head -5
		fail=1
	fi
	# tree: the first half merged into one partial, then the rest
	half=$(((k + 1) / 2))
	ls "$TMP"/part.* | head -n $half | xargs rm-report -q --merge --partial >"$TMP/tree"
	cat "$TMP/tree" $(ls "$TMP"/part.* | tail -n +$((half + 1))) |
		rm-report -q --merge $out >"$TMP/got" 2>"$TMP/got.err"
	got=$?
	if [ $got -ne $want ] || ! cmp -s "$TMP/want" "$TMP/got"; then
		echo "K=$k seed=$seed tree differs ($want/$got): $comp / $out"
		fail=1
	fi
}

seed=0
while read -r comp; do
	read -r out
	seed=$((seed + 1))
	for k in 2 7; do
		check $k $seed "$comp" "$out"
	done
done <<'SETS'
-a shard-accounts.tsv -b owner

-a shard-accounts.tsv -b segment -b owner
-f json
-a shard-accounts.tsv --periods 6 --period quarter
-f html
-a shard-accounts.tsv -b tier -n 4 --as-of 2024-06-15
-f text --colour never
-n 3
-f markdown
-a shard-accounts.tsv -b region --bands 70,40
--wide
-a shard-accounts.tsv -b owner
-t targets.txt -k mrr,nps
SETS
check 1 1 "-a $acc -b owner" "-f json"
# the targets really missed (exit status 3), and all shards were used
rm-report -q -a $acc -b owner -t targets.txt $ev >/dev/null
[ $? -eq 3 ] || { echo "targets.txt is met: the test proves less"; fail=1; }
[ $fail -eq 0 ] && echo ok
