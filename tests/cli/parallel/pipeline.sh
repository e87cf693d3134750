#!/bin/sh
# examples/parallel.sh on the bundled example data: K = 1, 2 and 7 shards
# (split by a hash of the account; and 7 byte ranges of the events sorted
# by account, --sorted) give the results of the single-process pipeline
# (per-account tables row for row after sorting, the rest byte for byte),
# and the comparison can fail: a changed row of a shard's result is caught.
command -v parallel >/dev/null 2>&1 || { echo "skipped: GNU parallel is not installed"; exit 0; }
set -e
ex=$RMKIT_ROOT/examples
d=$TMP/par
sh "$ex/demo-import.sh" "$TMP/data" >/dev/null
sh "$ex/parallel.sh" --single -o "$d" -a "$TMP/data/accounts.tsv" "$TMP/data/events.tsv"
for k in 1 2 7; do
	j=2 # one splitter; with -j 3, three under parallel --pipepart
	[ $k -lt 7 ] || j=3
	sh "$ex/parallel.sh" -k $k -j $j -o "$d" -a "$TMP/data/accounts.tsv" "$TMP/data/events.tsv"
	sh "$ex/parallel.sh" --compare -o "$d" >/dev/null || { echo "FAIL: K=$k"; exit 1; }
done
# --sorted: events grouped by account, cut into byte ranges.
{ head -n 1 "$TMP/data/events.tsv"; tail -n +2 "$TMP/data/events.tsv" |
	sort -t "$(printf '\t')" -k1,1 -s; } >"$TMP/sorted.tsv"
sh "$ex/parallel.sh" --single -o "$TMP/s" -a "$TMP/data/accounts.tsv" "$TMP/sorted.tsv"
sh "$ex/parallel.sh" --sorted -k 7 -o "$TMP/s" -a "$TMP/data/accounts.tsv" "$TMP/sorted.tsv"
sh "$ex/parallel.sh" --compare -o "$TMP/s" >/dev/null || { echo "FAIL: --sorted"; exit 1; }
[ "$(wc -l <"$TMP/s/work/bounds")" -eq 8 ]

# The rows of seven shards are not in the single run's order: the
# comparison sorts them, and still catches a changed label.
! cmp -s "$d/accounts-scored.tsv" "$d/single/accounts-scored.tsv"
awk -F'\t' -v OFS='\t' 'NR == 2 { $NF = $NF == "other" ? "key" : "other" } { print }' \
	"$d/accounts-scored.tsv" >"$TMP/scored.tsv"
mv "$TMP/scored.tsv" "$d/accounts-scored.tsv"
if sh "$ex/parallel.sh" --compare -o "$d" 2>"$TMP/err"; then
	echo "FAIL: a changed row was not caught"; exit 1
fi
grep -q 'accounts-scored.tsv differs' "$TMP/err"
