rm-health --as-of 2023-01-01 -a accounts.tsv events.tsv
