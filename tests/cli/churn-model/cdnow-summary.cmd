# Per-customer summary of three CDNOW customers, checked by hand from the
# raw rows: 00004 bought on 1997-01-01, 01-18, 08-02 (and 12-12, after the
# calibration): x = 2, t_x = 213 / 7, T = 272 / 7, mean repeat spend
# (29.73 + 14.96) / 2 = 22.345.  00111 has 7 repeat days before 10-01.
rm-churn --summary --as-of 1997-09-30 cdnow.tsv.gz | grep -E '^(account|00004|00050|00111)	'
