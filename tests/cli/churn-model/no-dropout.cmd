rm-churn --fit --from-summary nodrop.tsv
