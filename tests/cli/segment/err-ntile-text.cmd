rm-segment --ntile region=3 accounts.tsv
