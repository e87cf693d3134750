rm-report --partial -a accounts.tsv -b owner -n 3 --as-of 2024-06-30 events.tsv | rm-report --merge partial-small.out -
