rm-segment -r 'x: region == "EU" + 1' accounts.tsv
