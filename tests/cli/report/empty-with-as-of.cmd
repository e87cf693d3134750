printf "account\tdate\ttype\n" | rm-report --as-of 2024-06-30 -n 1 -k accounts,mrr,touches -f json
