rm-churn --summary --partial small.tsv | sed 's/\tdan\t1\t/\tdan\t1.5\t/' >$TMP/s.part
cd $TMP && rm-churn --fit --merge s.part
