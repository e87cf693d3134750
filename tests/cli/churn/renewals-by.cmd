rm-churn --renewals --period quarter --by owner --accounts accounts.tsv renewals.tsv
