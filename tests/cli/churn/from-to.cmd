rm-churn --from 2024-03 --to 2024-06 updown.tsv
