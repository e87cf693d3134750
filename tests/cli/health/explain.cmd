rm-health --explain acme events.tsv
