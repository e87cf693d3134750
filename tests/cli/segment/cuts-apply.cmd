rm-segment --ntile arr=4 --cuts-out $TMP/c.tsv accounts.tsv >/dev/null && cat $TMP/c.tsv && rm-segment --ntile arr=4 --cuts $TMP/c.tsv accounts.tsv
