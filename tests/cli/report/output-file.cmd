rm-report -a accounts.tsv --as-of 2024-06-30 -n 1 -k mrr -o $TMP/r.tsv events.tsv && cat $TMP/r.tsv
