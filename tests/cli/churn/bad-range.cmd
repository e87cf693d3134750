rm-churn --from 2024-05 --to 2024-02 updown.tsv
