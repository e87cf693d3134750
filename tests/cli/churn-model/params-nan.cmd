rm-churn --params params-nan.tsv small.tsv
