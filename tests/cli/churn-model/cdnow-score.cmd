# Scores on CDNOW with a 39-week horizon.  FHL (2005) give E[Y(39)] =
# 1.226 for x = 2, t_x = 30.43, T = 38.86 (customer 00004); P(alive) of
# that customer is 0.7266 (tests/unit/clv_reference.py gives 0.72658 at
# the rounded published parameters).
rm-churn --model bgnbd --as-of 1997-09-30 --horizon 39 cdnow.tsv.gz | grep -E '^(account|00004|00050|00111)	'
