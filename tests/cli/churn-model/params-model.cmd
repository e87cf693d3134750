rm-churn --params params-good.tsv --model pareto small.tsv
