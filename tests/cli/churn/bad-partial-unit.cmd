rm-churn --partial updown.tsv >$TMP/a.part
cd $TMP && rm-churn --merge --period quarter a.part
