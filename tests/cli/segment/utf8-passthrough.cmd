rm-segment --tiers arr utf8-passthrough.tsv
