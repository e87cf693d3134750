rm-segment -r 'x: name < 2024-01-01' accounts.tsv
