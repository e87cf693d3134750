rm-churn --summary --partial small.tsv | sed '$d' >$TMP/s.part
cd $TMP && rm-churn --summary --merge s.part
