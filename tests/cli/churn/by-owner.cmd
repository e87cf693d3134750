rm-churn --by owner --accounts accounts.tsv updown.tsv
