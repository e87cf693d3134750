rm-health --weights usage=0,payments=50 events.tsv
