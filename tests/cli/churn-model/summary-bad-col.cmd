rm-churn --fit -S sum-col.tsv
