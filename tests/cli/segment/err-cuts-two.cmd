rm-segment --ntile arr=3 --partial --cuts-out x.tsv accounts.tsv
