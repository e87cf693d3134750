rm-report -a accounts.tsv --as-of 2024-06-30 -n 2 -b owner -k mrr,logo_churn_rate,nps -t targets.txt -f markdown events.tsv
