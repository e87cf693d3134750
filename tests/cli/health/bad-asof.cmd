rm-health --as-of 2024-02-30 events.tsv
