rm-segment --rfm --as-of 2024-02-01 --bins 3 events.tsv
