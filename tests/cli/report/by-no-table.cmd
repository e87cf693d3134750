rm-report -b owner events.tsv
