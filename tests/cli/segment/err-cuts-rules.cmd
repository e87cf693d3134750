rm-segment -r "a: arr > 1" --cuts x.tsv accounts.tsv
