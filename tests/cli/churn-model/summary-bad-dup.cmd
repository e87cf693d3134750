rm-churn --fit -S sum-dup.tsv
