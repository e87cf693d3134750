rm-report --as-of 2024-06-30 -k nps -t targets-value.txt events.tsv
