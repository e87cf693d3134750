rm-churn --renewals --partial --by owner --accounts accounts.tsv renewals.tsv
