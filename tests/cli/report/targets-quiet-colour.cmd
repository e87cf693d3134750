rm-report -a accounts.tsv --as-of 2024-06-30 -n 1 -k mrr,nps -t targets.txt -q -f text --colour always events.tsv
