# total 220500; 120000 starts at 0% (A); the 45000s at 54.2% (A);
# 8000 at 95.2%, 2000 at 98.9%, 500 and 0 later (C); missing: empty
rm-segment --tiers arr accounts.tsv
