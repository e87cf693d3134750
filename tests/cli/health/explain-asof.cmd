rm-health --as-of 2024-06-01 -x acme events.tsv
