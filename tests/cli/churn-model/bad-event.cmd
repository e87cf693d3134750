rm-churn --summary bad-event.tsv
