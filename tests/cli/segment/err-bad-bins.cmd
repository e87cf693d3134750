rm-segment --rfm --bins 12 events.tsv
