rm-churn --partial updown.tsv | sed '$d' >$TMP/cut.part
cd $TMP && rm-churn --merge cut.part
