rm-report --as-of 2024-06-30 -n 1 -k nps -t targets-bad.txt events.tsv
