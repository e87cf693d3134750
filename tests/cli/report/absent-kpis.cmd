rm-report -n 2 -f json touches-only.tsv
