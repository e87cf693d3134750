#!/bin/sh
# rm-churn against the dbt mrr-playbook subscription periods (121 periods
# of 55 customers; not copied into the repository: its licence is not
# stated, so this test skips when ../shared is absent).
#
# Each period becomes an mrr event of monthly_amount on start_date and an
# mrr event of 0 on end_date (end_date is the first month no longer paid,
# as in the playbook).  An independent brute-force computation in awk
# enumerates every customer and month, sums the periods covering the
# month's end, classifies the changes and must give the same counts and
# amounts as rm-churn in every month.
set -e
data=
for d in /work/shared "$RMKIT_ROOT/../shared"; do
	[ -f "$d/data/crm/mrr-periods/subscription_periods.csv" ] &&
		data=$d/data/crm/mrr-periods/subscription_periods.csv && break
done
[ -n "$data" ] || { echo "skipped: ../shared not found"; exit 0; }

tr -d '\r' <"$data" | awk -F, 'NR > 1 {
	printf "%s\t%s\tmrr\t%s\t%s\n", $2, $3, $5, $1
	if ($4 != "") printf "%s\t%s\tmrr\t0\t%s\n", $2, $4, $1
}' | { printf 'account\tdate\ttype\tvalue\tref\n'; cat; } >"$TMP/events.tsv"
rm-churn "$TMP/events.tsv" >"$TMP/got.tsv"

# Independent: months as y*12+m; a period covers month M when
# start <= M < end.
tr -d '\r' <"$data" | awk -F, '
function month(d) { return substr(d, 1, 4) * 12 + substr(d, 6, 2) - 1 }
NR > 1 {
	n++; cust[n] = $2; s[n] = month($3); e[n] = $4 == "" ? 999999 : month($4); amt[n] = $5 * 100
	if (!lo || s[n] < lo) lo = s[n]
	if (s[n] > hi) hi = s[n]
	if ($4 != "" && e[n] > hi) hi = e[n]
	c[$2] = 1
}
END {
	for (m = lo; m <= hi; m++) {
		split("", row)
		for (k in c) {
			now = 0
			for (i = 1; i <= n; i++)
				if (cust[i] == k && s[i] <= m && m < e[i]) now += amt[i]
			was = prev[k] + 0
			if (now > 0) { row["ce"]++; row["end"] += now }
			if (was == 0 && now > 0) {
				if (seen[k]) { row["re"]++; row["mre"] += now }
				else { row["new"]++; row["mnew"] += now }
			}
			if (was > 0 && now == 0) { row["ch"]++; row["mch"] += was }
			if (was > 0 && now > was) row["exp"] += now - was
			if (now > 0 && now < was) row["con"] += was - now
			if (now > 0) seen[k] = 1
			prev[k] = now
		}
		printf "%04d-%02d\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n",
		    int(m / 12), m % 12 + 1, row["new"], row["re"], row["ch"], row["ce"],
		    row["mnew"] / 100, row["exp"] / 100, row["con"] / 100, row["mch"] / 100,
		    row["mre"] / 100, row["end"] / 100
	}
}' >"$TMP/want.tsv"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ print $1 "\t" $col["new"] "\t" $col["reactivated"] "\t" $col["churned"] "\t" $col["customers_end"] "\t" $col["mrr_new"] "\t" $col["mrr_expansion"] "\t" $col["mrr_contraction"] "\t" $col["mrr_churned"] "\t" $col["mrr_reactivation"] "\t" $col["mrr_end"] }' \
	"$TMP/got.tsv" >"$TMP/got.cut"
if ! cmp -s "$TMP/want.tsv" "$TMP/got.cut"; then
	diff "$TMP/want.tsv" "$TMP/got.cut" | head -20
	echo "FAIL: rm-churn differs from the brute-force computation"
	exit 1
fi
rows=$(wc -l <"$TMP/want.tsv")
[ "$rows" -ge 20 ] || { echo "FAIL: only $rows months"; exit 1; }
# Totals over the whole data: every customer is new exactly once.
new=$(awk -F'\t' 'NR > 1 { s += $3 } END { print s }' "$TMP/got.tsv")
custs=$(tr -d '\r' <"$data" | awk -F, 'NR > 1 { print $2 }' | sort -u | wc -l)
[ "$new" -eq "$custs" ] || { echo "FAIL: $new new customers, $custs in the data"; exit 1; }
echo "ok: $rows months, $custs customers agree"
