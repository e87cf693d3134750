rm-report -a accounts.tsv -b region events.tsv
