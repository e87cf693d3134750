rm-churn --fit -S sum-tx.tsv
