rm-churn bad.tsv
