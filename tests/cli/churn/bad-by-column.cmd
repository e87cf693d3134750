rm-churn --by nosuch --accounts accounts.tsv updown.tsv
