rm-health -P supplier header.tsv
