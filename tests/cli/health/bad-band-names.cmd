rm-health --band-names ok,bad events.tsv
