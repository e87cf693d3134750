rm-report --as-of 2024-06-30 -k nps -t targets-unknown.txt events.tsv
