rm-health latin1-header.tsv
