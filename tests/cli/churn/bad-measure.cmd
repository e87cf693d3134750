rm-churn --measure mrr updown.tsv
