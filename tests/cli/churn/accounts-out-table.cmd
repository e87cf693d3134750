rm-churn --accounts-out --accounts accounts.tsv updown.tsv
