rm-segment --tiers revenue accounts.tsv
