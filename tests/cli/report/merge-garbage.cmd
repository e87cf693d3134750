rm-report --merge events.tsv
