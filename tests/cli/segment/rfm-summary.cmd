rm-segment --rfm --summary events.tsv
