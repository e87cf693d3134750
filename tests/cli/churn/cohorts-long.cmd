rm-churn --cohorts --measure mrr --long updown.tsv
