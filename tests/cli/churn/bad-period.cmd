rm-churn --period week updown.tsv
