rm-churn --by owner updown.tsv
