rm-health --bands 50,75 events.tsv
