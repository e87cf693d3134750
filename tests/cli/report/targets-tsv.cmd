rm-report -a accounts.tsv --as-of 2024-06-30 -n 1 -b owner -k mrr,nps -t targets.txt events.tsv
