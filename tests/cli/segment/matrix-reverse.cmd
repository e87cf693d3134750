# "-health": a higher health is less risk.  Health 20..90 over 7 accounts:
# risk levels by tertiles of -health; with --risk-cuts 40,70 health above
# 70 is low risk, above 40 medium, else high
rm-segment --matrix arr,-health --name grid accounts.tsv | cut -f1,3,7,9
rm-segment --matrix arr,-health --value-cuts 1000,50000 --risk-cuts 40,70 accounts.tsv | cut -f1,3,7,9
