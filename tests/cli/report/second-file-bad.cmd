rm-report events.tsv no-type.tsv
