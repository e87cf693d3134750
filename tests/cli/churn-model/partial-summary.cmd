# Accounts zed, amy in one part, the others in another: each part has
# its own latest date (2024-04-10, 2024-05-01); the merge takes the later
# as the as-of date of both, as one run over all the orders does.
awk -F'\t' 'NR == 1 || $1 ~ /^(zed|amy)$/' small.tsv >$TMP/a.tsv
awk -F'\t' 'NR == 1 || $1 !~ /^(zed|amy)$/' small.tsv >$TMP/b.tsv
rm-churn --summary --partial $TMP/a.tsv >$TMP/a.part
rm-churn --summary --partial $TMP/b.tsv >$TMP/b.part
cut -f 2- $TMP/a.part
rm-churn --summary --merge --unit day $TMP/a.part $TMP/b.part
rm-churn --summary --unit day small.tsv
