#!/bin/sh
# Scoring with a parameter file written by --fit gives exactly the output
# of fitting and scoring in one run (values are written in full precision).
set -e
rm-churn --fit --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/params.tsv"
rm-churn --model bgnbd --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/direct.tsv"
rm-churn --params "$TMP/params.tsv" --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/scored.tsv"
cmp "$TMP/direct.tsv" "$TMP/scored.tsv"
test "$(wc -l <"$TMP/scored.tsv")" -eq 2358
# Shards scored separately give the same rows.
rm-churn --summary --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/s.tsv"
head -1000 "$TMP/s.tsv" >"$TMP/s1.tsv"
(head -1 "$TMP/s.tsv"; tail -n +1001 "$TMP/s.tsv") >"$TMP/s2.tsv"
rm-churn --params "$TMP/params.tsv" -S "$TMP/s1.tsv" >"$TMP/p1.tsv"
rm-churn --params "$TMP/params.tsv" -S "$TMP/s2.tsv" >"$TMP/p2.tsv"
(cat "$TMP/p1.tsv"; tail -n +2 "$TMP/p2.tsv") | cmp - "$TMP/direct.tsv"
# The same for the Pareto/NBD model.
rm-churn --fit --model pareto --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/pparams.tsv"
rm-churn --model pareto --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/pdirect.tsv"
rm-churn --params "$TMP/pparams.tsv" --as-of 1997-09-30 cdnow.tsv.gz | cmp - "$TMP/pdirect.tsv"
