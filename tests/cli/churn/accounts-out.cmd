rm-churn --accounts-out updown.tsv
