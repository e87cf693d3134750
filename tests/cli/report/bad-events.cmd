rm-report bad-events.tsv
