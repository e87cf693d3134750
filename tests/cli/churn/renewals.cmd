rm-churn --renewals renewals.tsv
