rm-churn --model nbd small.tsv
