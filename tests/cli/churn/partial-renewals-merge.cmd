awk -F'\t' 'NR == 1 || $1 ~ /^[abc]$/' renewals.tsv >$TMP/abc.tsv
awk -F'\t' 'NR == 1 || $1 ~ /^[de]$/' renewals.tsv >$TMP/de.tsv
rm-churn -q --renewals --partial $TMP/abc.tsv >$TMP/abc.part
rm-churn -q --renewals --partial $TMP/de.tsv >$TMP/de.part
cut -f 2- $TMP/abc.part
rm-churn --renewals --merge $TMP/de.part $TMP/abc.part
rm-churn -q --renewals renewals.tsv
