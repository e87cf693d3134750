rm-churn --fit --merge -S small.tsv
