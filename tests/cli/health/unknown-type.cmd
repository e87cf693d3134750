rm-health unknown.tsv
