#!/bin/sh
# The man page's examples of --partial (the literal blocks of EXAMPLES
# and PARTIAL SUMMARIES that use it) run as written, on four parts of
# random subscriptions and the CDNOW orders split by account, and their
# final merges print what one run over all the events prints.
set -e
fail() { echo "FAIL: $*"; exit 1; }
page=$RMKIT_ROOT/man/rm-churn.1
[ -f "$page" ] || page=../../../man/rm-churn.1
here=$(pwd)
cd "$TMP"
awk 'BEGIN {
	srand(3); print "account\tdate\ttype\tvalue\tref"
	for (i = 0; i < 800; i++)
		printf "s%d\t%04d-%02d-%02d\tmrr\t%s\tx\n", int(rand() * 40),
		    2022 + int(rand() * 3), 1 + int(rand() * 12), 1 + int(rand() * 28),
		    rand() < 0.3 ? 0 : int(rand() * 1000)
}' >all.tsv
zcat "$here/../churn-model/cdnow.tsv.gz" | tail -n +2 |
	awk -F'\t' '{ print $1 "\t" $2 "\t" $3 "\t" $4 "\t" }' >>all.tsv
awk -F'\t' 'NR == 1 { for (i = 0; i < 4; i++) print >("part" i ".tsv"); next }
	{ n = $1; sub(/^s/, "", n); print >("part" (n % 4) ".tsv") }' all.tsv
sed -n '/^\.Bd -literal/,/^\.Ed/p' "$page" | sed 's/\\e/\\/g' | awk '
	/^\.Bd/ { block = ""; next }
	/^\.Ed/ { if (block ~ /--partial/) { n++; print block > ("block" n ".sh") } next }
	{ block = block $0 "\n" }'
[ -f block3.sh ] || fail "fewer than three blocks with --partial"
for b in block*.sh; do
	sh "$b" >"$b.out" 2>"$b.err" || { cat "$b.err"; fail "$b"; }
done
grep -q 'rm-churn --merge p0.tsv' block*.sh || fail "no period merge"
rm-churn -q all.tsv | cmp -s - "$(grep -l 'rm-churn --merge p0' block*.sh).out" ||
	fail "period table"
rm-churn -q --cohorts --measure mrr --long all.tsv |
	cmp -s - "$(grep -l 'c01.tsv c23.tsv' block*.sh).out" || fail "cohorts"
[ "$(wc -l <sc1.tsv)" -gt 100 ] && [ -s params.tsv ] || fail "model chain"
# the summary example merges parts 1 and 2 only
rm-churn --fit part1.tsv part2.tsv | cmp -s - params.tsv || fail "fit"
rm-churn --model bgnbd part1.tsv part2.tsv >scores12.tsv
tail -n +2 sc1.tsv | grep -v -x -F -f scores12.tsv && fail "scores"
echo ok
