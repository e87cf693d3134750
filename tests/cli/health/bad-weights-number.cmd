rm-health -W support=-1 events.tsv
