rm-segment --matrix arr,risk --value-cuts 1000,50000 --risk-cuts 0.3,0.6 --missing unscored accounts.tsv
