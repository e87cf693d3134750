# Property: the order of the input lines does not change the output
# (header kept first), with the default as-of date and a given one, for
# both profiles, and for --explain.
. ./helpers.inc
gen 5 50 4000 >"$TMP/ev.tsv"
shuffle() { # file seed
	{ head -1 "$1"; tail -n +2 "$1" | awk -v s="$2" 'BEGIN { srand(s) } { printf "%.8f\t%s\n", rand(), $0 }' |
		sort -k1,1 | cut -f2-; }
}
for seed in 1 2 3; do
	shuffle "$TMP/ev.tsv" $seed >"$TMP/shuf.tsv"
	cmp -s "$TMP/ev.tsv" "$TMP/shuf.tsv" && fail "shuffle did nothing"
	for opts in "" "--as-of 2024-10-01" "--profile supplier" "--explain acct007" \
		"--window 30 --as-of 2024-06-30 --explain acct011"; do
		rm-health $opts "$TMP/ev.tsv" >"$TMP/a.out" || fail "run $opts"
		rm-health $opts "$TMP/shuf.tsv" >"$TMP/b.out" || fail "run $opts (shuffled)"
		cmp -s "$TMP/a.out" "$TMP/b.out" || { diff "$TMP/a.out" "$TMP/b.out" | head; fail "seed $seed, options '$opts': output differs"; }
	done
done
echo "ok: 3 shuffles x 5 option sets give byte-identical output"
