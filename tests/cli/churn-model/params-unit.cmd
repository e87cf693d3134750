rm-churn --params params-good.tsv --unit day small.tsv
