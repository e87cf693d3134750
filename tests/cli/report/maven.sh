#!/bin/sh
# Real data: the Maven Analytics CRM pipeline (../shared/data/crm/
# maven-pipeline, licence "none stated", so read in place and never
# copied).  The CSV is turned into events with awk (opportunity on
# engage_date, won/lost on close_date with close_value), and the win rate
# and mean deal size per quarter of 2017 are computed independently with
# awk from the CSV's deal_stage column and compared with rm-report's.
set -eu
csv=
for d in "${RMKIT_ROOT:-../../..}/../shared" /work/shared; do
	[ -f "$d/data/crm/maven-pipeline/sales_pipeline.csv" ] &&
		{ csv=$d/data/crm/maven-pipeline/sales_pipeline.csv; break; }
done
[ -n "$csv" ] || { echo "skipped: no ../shared/data/crm/maven-pipeline"; exit 0; }
awk -F, '{ sub(/\r$/, "") } NR == 1 { print "account\tdate\ttype\tvalue\tref"; next }
{
	acct = $4 == "" ? "(no account)" : $4
	if ($6 != "") print acct "\t" $6 "\topportunity\t\t" $1
	if ($5 == "Won") print acct "\t" $7 "\twon\t" $8 "\t" $1
	if ($5 == "Lost") print acct "\t" $7 "\tlost\t" $8 "\t" $1
}' "$csv" >"$TMP/events.tsv"
rm-report -p quarter --as-of 2017-12-31 -n 4 -k win_rate,avg_deal_size \
	"$TMP/events.tsv" >"$TMP/got.tsv"
awk -F, '{ sub(/\r$/, "") } NR > 1 && ($5 == "Won" || $5 == "Lost") {
	split($7, d, "-"); q = d[1] "-Q" int((d[2] + 2) / 3)
	if ($5 == "Won") { won[q]++; amt[q] += $8 } else lost[q]++
	qs[q] = 1
}
END {
	print "group\tperiod\tkpi\tvalue"
	for (q in qs) {
		printf "all\t%s\twin_rate\t%.4f\n", q, won[q] / (won[q] + lost[q])
		printf "all\t%s\tavg_deal_size\t%.2f\n", q, amt[q] / won[q]
	}
}' "$csv" | sort >"$TMP/want.tsv"
sort "$TMP/got.tsv" | diff "$TMP/want.tsv" -
# and the year as a whole
rm-report -p year -k win_rate,avg_deal_size "$TMP/events.tsv" | tail -n +2 >"$TMP/year.tsv"
awk -F, '{ sub(/\r$/, "") } NR > 1 && $5 == "Won" { w++; a += $8 } NR > 1 && $5 == "Lost" { l++ }
END { printf "all\t2017\twin_rate\t%.4f\nall\t2017\tavg_deal_size\t%.2f\n", w / (w + l), a / w }' \
	"$csv" | diff - "$TMP/year.tsv"
echo ok
