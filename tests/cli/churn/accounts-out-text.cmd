rm-churn --accounts-out --format text --period quarter updown.tsv
