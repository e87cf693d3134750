# Scoring with given parameters needs no fit (so it works on a handful of
# customers).  amy: x = 0, P(alive) 1; expected spend is the population
# mean 6.25 * 15.4 / 2.74 = 35.13; zed: (15.4 + 2 * 20) * 6.25 /
# (12.5 + 2.74) = 22.72; dan: (15.4 + 10) * 6.25 / (6.25 + 2.74) = 17.66.
rm-churn --params params-good.tsv --as-of 2024-03-31 --months 0 small.tsv
