rm-report -f text -w events.tsv
