rm-health --profile supplier supplier.tsv
