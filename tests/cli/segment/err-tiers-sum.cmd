rm-segment --tiers arr=80,15 accounts.tsv
