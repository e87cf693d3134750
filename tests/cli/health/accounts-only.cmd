rm-health -a accounts.tsv header.tsv
