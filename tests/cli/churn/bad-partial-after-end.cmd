rm-churn --cohorts --partial updown.tsv >$TMP/two.part
rm-churn --cohorts --partial updown.tsv | tail -n 1 >>$TMP/two.part
cd $TMP && rm-churn --cohorts --merge two.part
