rm-churn --partial updown.tsv | sed '5d' >$TMP/cut.part
cd $TMP && rm-churn --merge cut.part
