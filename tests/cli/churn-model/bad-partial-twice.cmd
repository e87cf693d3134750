rm-churn --summary --partial small.tsv >$TMP/s.part
cd $TMP && rm-churn --summary --merge s.part s.part
