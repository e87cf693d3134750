rm-churn --cohorts --renewals updown.tsv
