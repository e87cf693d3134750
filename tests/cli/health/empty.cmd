rm-health empty.tsv
