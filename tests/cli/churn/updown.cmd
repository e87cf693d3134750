rm-churn updown.tsv
