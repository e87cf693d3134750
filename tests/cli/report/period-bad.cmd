rm-report -p fortnight events.tsv
