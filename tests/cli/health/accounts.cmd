rm-health --accounts accounts.tsv events.tsv
