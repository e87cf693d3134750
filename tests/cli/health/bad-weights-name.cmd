rm-health --weights usage=1,delivery=2 events.tsv
