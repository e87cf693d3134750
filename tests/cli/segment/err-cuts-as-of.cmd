rm-segment --rfm --cuts-out $TMP/c.tsv events.tsv >/dev/null; rm-segment --rfm --as-of 2024-01-31 --cuts - events.tsv <$TMP/c.tsv
