rm-report -f pdf events.tsv
