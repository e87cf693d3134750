rm-health --window 0 events.tsv
