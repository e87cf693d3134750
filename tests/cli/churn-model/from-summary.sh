#!/bin/sh
# Summaries made on two machines (accounts split in two) and fitted
# together give the same fit as the events, to the last digit.
set -e
zcat cdnow.tsv.gz | awk -F'\t' 'NR == 1 || $1 % 2 == 0' >"$TMP/even.tsv"
zcat cdnow.tsv.gz | awk -F'\t' 'NR == 1 || $1 % 2 == 1' >"$TMP/odd.tsv"
rm-churn --summary --as-of 1997-09-30 "$TMP/even.tsv" >"$TMP/s-even.tsv"
rm-churn --summary --as-of 1997-09-30 "$TMP/odd.tsv" >"$TMP/s-odd.tsv"
rm-churn --fit -S "$TMP/s-even.tsv" "$TMP/s-odd.tsv" >"$TMP/fit-merged.tsv"
rm-churn --fit --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/fit-events.tsv"
cmp "$TMP/fit-merged.tsv" "$TMP/fit-events.tsv"
# The score table is itself a valid summary input.
rm-churn --model bgnbd --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/scores.tsv"
rm-churn --fit -S "$TMP/scores.tsv" | cmp - "$TMP/fit-events.tsv"
