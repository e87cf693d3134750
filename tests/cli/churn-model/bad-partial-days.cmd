rm-churn --summary --partial small.tsv | sed 's/\tdan\t1\t2024-02-10/\tdan\t0\t2024-02-10/' >$TMP/s.part
cd $TMP && rm-churn --fit --merge s.part
