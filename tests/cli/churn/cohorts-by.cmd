rm-churn --cohorts --by owner --accounts accounts.tsv --period quarter updown.tsv
