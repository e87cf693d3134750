rm-segment accounts.tsv
