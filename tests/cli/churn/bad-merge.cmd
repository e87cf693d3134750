rm-churn --partial --from 2024-01 --to 2024-05 updown.tsv >$TMP/a.tsv
rm-churn --partial --from 2024-02 --to 2024-05 updown.tsv >$TMP/b.tsv
rm-churn --merge $TMP/a.tsv $TMP/b.tsv 2>&1 | sed "s|$TMP/||g"
rm-churn --merge updown.tsv
