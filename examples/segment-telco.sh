#!/bin/sh
# Rule-based segments of the IBM Telco customers (Apache-2.0; 7,043
# customers).  The account table keeps tenure, Contract, MonthlyCharges,
# TotalCharges (a single space for brand-new customers: a missing value),
# InternetService and Churn; the rules below sort customers into groups a
# retention team acts on, first match wins.  The churn rate per segment
# shows whether the rules separate risk.
#
# Usage: sh examples/segment-telco.sh [DIR]   (keeps its files in DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/telco (see ../shared/data/SOURCES.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/telco
PATH=$here/../${BINDIR:-bin}:$PATH
if [ $# -gt 0 ]; then
	out=$1
	mkdir -p "$out"
else
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi

rm-import --accounts -q -m account=customerID -k tenure -k Contract \
	-k MonthlyCharges -k TotalCharges -k InternetService -k Churn \
	-o "$out/accounts.tsv" "$data/IBM_Telco-Customer-Churn.csv"

cat >"$out/telco.rules" <<'RULES'
# first matching rule wins; a comparison with a missing value never matches
brand new:    missing(TotalCharges) or tenure < 3
flight risk:  Contract == "Month-to-month" and tenure < 12
              and MonthlyCharges > 70
price shock:  Contract == "Month-to-month" and MonthlyCharges * 12 > 1000
loyal:        Contract in ("One year", "Two year") and tenure >= 24
fibre upsell: InternetService == "DSL" and tenure >= 12
RULES

rm-segment --rules "$out/telco.rules" --default steady \
	-o "$out/segments.tsv" "$out/accounts.tsv"
echo "== accounts with their segment (first rows)"
head -6 "$out/segments.tsv"
echo "== segments: customers and their share of monthly charges"
rm-segment --rules "$out/telco.rules" --default steady --summary \
	--value MonthlyCharges "$out/accounts.tsv"
echo "== churn rate per segment"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ n[$c["segment"]]++; if ($c["Churn"] == "Yes") y[$c["segment"]]++ }
	END { for (s in n) printf "%-14s %5d  %5.1f%%\n", s, n[s], 100 * y[s] / n[s] }' \
	"$out/segments.tsv" | sort
echo "== flight risks in the top ABC tier of monthly charges (chained)"
rm-segment --tiers MonthlyCharges --name abc "$out/segments.tsv" |
	rm-segment -r 'act now: segment == "flight risk" and abc == "A"' -d - \
		--name action --summary --value MonthlyCharges
