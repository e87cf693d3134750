rm-churn --period year --from 2023 updown.tsv
