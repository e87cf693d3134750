rm-churn --period quarter updown.tsv
