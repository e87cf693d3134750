rm-churn updown.tsv | head -2
