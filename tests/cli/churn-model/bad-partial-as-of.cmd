rm-churn --summary --partial --as-of 2024-03-31 small.tsv >$TMP/s.part
cd $TMP && rm-churn --summary --merge --as-of 2024-06-30 s.part
