rm-churn --summary --fit small.tsv
