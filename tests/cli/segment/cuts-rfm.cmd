rm-segment --rfm --partial events.tsv >$TMP/p.tsv && cat $TMP/p.tsv && rm-segment --rfm --merge $TMP/p.tsv >$TMP/c.tsv && cat $TMP/c.tsv && rm-segment --rfm --cuts $TMP/c.tsv events.tsv
