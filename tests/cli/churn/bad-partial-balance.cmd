rm-churn --partial updown.tsv | sed '5s/\t1\t0\t0\t0\t3\t/\t2\t0\t0\t0\t3\t/' >$TMP/bad.part
cd $TMP && rm-churn --merge bad.part
