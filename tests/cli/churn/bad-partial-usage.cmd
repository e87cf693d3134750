rm-churn --partial --accounts-out updown.tsv
