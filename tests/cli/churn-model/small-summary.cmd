# By hand: zed's first day 2024-01-01 (two orders merged), repeat days
# 01-15 (20) and 02-01 (no value: left out of the mean); the 04-10 order
# is after --as-of.  x = 2, t_x = 31, T = 90 days, mean 20.  amy's only
# order is on the as-of day.  dan: 02-10, then two orders on 02-11 (4 + 6).
# bob has no order, cat's only order is after --as-of: neither appears.
# Rows keep the order in which accounts first appear.
rm-churn --summary --unit day --as-of 2024-03-31 small.tsv
