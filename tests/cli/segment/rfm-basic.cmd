# as-of = 2024-03-05 (the latest date, a touch); c1's two o1 lines are one order
rm-segment --rfm events.tsv
