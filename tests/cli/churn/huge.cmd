rm-churn huge.tsv
