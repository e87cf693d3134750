#!/bin/sh
# CDNOW sample, 39-week calibration ending 1997-09-30, unit weeks: the
# summary and the fits must agree with the published figures to 3
# significant digits.
#   Fader, Hardie & Lee (2005), "Counting your customers the easy way",
#   Marketing Science 24(2): 2,357 customers, r = 0.243, alpha = 4.414,
#   a = 0.793, b = 2.426, LL = -9582.4.
#   Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value":
#   946 repeat buyers, p = 6.25, q = 3.74, gamma = 15.44.
# The summary totals (2,457 repeat purchase days, 946 repeat buyers) were
# counted with awk on the raw file.
set -e
fit=$TMP/fit.tsv
rm-churn --fit --as-of 1997-09-30 --unit week cdnow.tsv.gz >"$fit"
rm-churn --summary --as-of 1997-09-30 cdnow.tsv.gz >"$TMP/summary.tsv"
awk -F'\t' 'NR > 1 { n++; x += $2; if ($2 > 0) rb++ }
	END { if (n != 2357 || x != 2457 || rb != 946) {
		print "summary: " n " customers, " x " repeats, " rb " repeat buyers"
		exit 1 } }' "$TMP/summary.tsv"
# value(model, parameter) rounded to d significant digits
check() {
	got=$(awk -F'\t' -v m="$1" -v p="$2" '$1 == m && $2 == p { print $3 }' "$fit")
	r=$(awk -v v="$got" -v d="$3" 'BEGIN { printf "%.*g", d, v }')
	if [ "$r" != "$4" ]; then
		echo "$1 $2: got $got, rounds to $r, published $4"
		exit 1
	fi
}
check bgnbd r 3 0.243
check bgnbd alpha 4 4.414
check bgnbd a 3 0.793
check bgnbd b 4 2.426
check bgnbd loglik 5 -9582.4
check bgnbd customers 4 2357
check gammagamma p 3 6.25
check gammagamma q 3 3.74
check gammagamma gamma 4 15.44
check gammagamma customers 3 946
# Pareto/NBD on the same data: r = 0.553, alpha = 10.578, s = 0.606,
# beta = 11.669 (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
# curves for customer base analysis", JMR 42(4)), LL = -9595.0.
fit=$TMP/fit-pareto.tsv
rm-churn --fit --model pareto --as-of 1997-09-30 cdnow.tsv.gz >"$fit"
check pareto r 3 0.553
check pareto alpha 5 10.578
check pareto s 3 0.606
check pareto beta 5 11.669
check pareto loglik 5 -9595
