rm-churn --by owner --accounts accounts.tsv --from 2024-01 --to 2024-02 </dev/null
