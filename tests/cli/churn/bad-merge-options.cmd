rm-churn --merge --from 2024-01 x.tsv
