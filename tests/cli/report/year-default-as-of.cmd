rm-report -p year -n 1 -k accounts,mrr,tickets_opened,escalations events.tsv
