rm-report -a accounts.tsv --as-of 2024-06-30 -n 2 -b owner -k mrr,nps,health -f json events.tsv
