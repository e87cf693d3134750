rm-segment --tiers arr=50,30,20 --missing none --name abc accounts.tsv
