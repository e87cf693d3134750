rm-report -p quarter --as-of 2024-06-30 -n 2 -k mrr,new_mrr,churned_mrr,nrr,grr,win_rate,avg_deal_size,revenue events.tsv
