rm-health --profile vendor events.tsv
