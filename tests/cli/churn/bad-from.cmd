rm-churn --from 2024-13 updown.tsv
