rm-churn --partial --from 2024-01 --to 2024-05 updown.tsv >$TMP/a.tsv
cat $TMP/a.tsv
rm-churn --merge --format text $TMP/a.tsv
