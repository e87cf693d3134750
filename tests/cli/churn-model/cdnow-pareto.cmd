# Pareto/NBD scores on CDNOW, 39-week horizon.  Unlike BG/NBD, a customer
# without repeat purchases (00050) is not certainly alive.
rm-churn --model pareto --as-of 1997-09-30 --horizon 39 cdnow.tsv.gz | grep -E '^(account|00004|00050|00111)	'
