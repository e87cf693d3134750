rm-churn --by owner --accounts bad-accounts.tsv updown.tsv
