rm-churn --params params-q.tsv small.tsv
