rm-health no-such-file.tsv
