rm-churn --cohorts --partial updown.tsv >$TMP/c.part
rm-churn --cohorts --merge --measure mrr --long --format text $TMP/c.part
rm-churn --cohorts --measure mrr --long --format text updown.tsv
