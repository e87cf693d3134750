rm-health -o $TMP/out.tsv events.tsv && cmp $TMP/out.tsv client.out && echo same
