rm-segment --tiers arr --ntile arr=3 accounts.tsv
