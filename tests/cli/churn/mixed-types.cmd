rm-churn mixed.tsv
