rm-health --as-of 2025-12-31 --window 30 events.tsv
