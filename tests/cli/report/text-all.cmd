rm-report -a accounts.tsv --as-of 2024-06-30 -n 3 -f text events.tsv
