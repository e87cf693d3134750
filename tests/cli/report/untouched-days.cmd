rm-report --as-of 2024-06-30 -n 1 -f text --untouched-days 30 -k accounts,touches,untouched_accounts events.tsv
