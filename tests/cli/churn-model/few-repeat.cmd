rm-churn --model bgnbd small.tsv
