rm-report --partial -a accounts.tsv -b owner -n 2 --as-of 2024-06-30 events.tsv
