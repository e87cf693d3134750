rm-churn --fit --params params-good.tsv small.tsv
