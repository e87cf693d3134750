rm-churn --cohorts --partial updown.tsv >$TMP/c.part
cd $TMP && rm-churn --renewals --merge c.part
