rm-churn latin1-events.tsv
