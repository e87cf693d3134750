rm-churn --format text updown.tsv
