rm-churn --fit --from-summary flat-rates.tsv
