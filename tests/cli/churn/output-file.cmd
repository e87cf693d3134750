rm-churn -o $TMP/t.tsv updown.tsv && cat $TMP/t.tsv
