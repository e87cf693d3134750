rm-segment --matrix arr,risk accounts.tsv
