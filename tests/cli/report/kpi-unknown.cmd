rm-report --as-of 2024-06-30 -k mrr,ticketz events.tsv
