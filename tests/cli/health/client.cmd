rm-health events.tsv
