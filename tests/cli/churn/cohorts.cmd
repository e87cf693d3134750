rm-churn --cohorts updown.tsv
