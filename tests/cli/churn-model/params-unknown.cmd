rm-churn --params params-unknown.tsv small.tsv
