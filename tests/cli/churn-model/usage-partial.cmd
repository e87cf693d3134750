rm-churn --fit --partial small.tsv
