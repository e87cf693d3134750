rm-churn --params params-missing.tsv small.tsv
