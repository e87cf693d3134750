rm-churn --cohorts --partial updown.tsv
