rm-churn --fit -S sum-x.tsv
