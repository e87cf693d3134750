rm-churn -o out.tsv missing.tsv
