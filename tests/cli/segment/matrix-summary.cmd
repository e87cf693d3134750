rm-segment --matrix arr,risk --summary --value arr --missing unscored accounts.tsv
