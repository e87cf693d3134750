rm-health -q unknown.tsv
