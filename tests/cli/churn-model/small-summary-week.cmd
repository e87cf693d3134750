# The same in weeks: 31 / 7, 90 / 7, 1 / 7, 50 / 7.  Without --as-of the
# calibration ends on the latest date in the input (2024-05-01).
rm-churn --summary --unit week --as-of 2024-03-31 small.tsv && rm-churn --summary --unit day small.tsv
