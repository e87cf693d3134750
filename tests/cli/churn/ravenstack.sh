#!/bin/sh
# rm-churn against the RavenStack subscriptions (500 accounts, 5,000
# subscriptions), imported with rm-import: an mrr event of mrr_amount on
# start_date and of 0 on end_date.  Skips when ../shared is absent.
#
# An independent brute-force computation in awk reads the CSV itself: a
# subscription counts at the end of month M (last day L) when
# start_date <= L and not (end_date <= L and end_date >= start_date); an
# end_date before the start_date is an earlier event, overridden by the
# start.  The MRR at each month end, the customers, new and churned
# counts and amounts must agree with rm-churn in every month.
set -e
data=
for d in /work/shared "$RMKIT_ROOT/../shared"; do
	[ -f "$d/data/crm/ravenstack/ravenstack_subscriptions.csv" ] &&
		data=$d/data/crm/ravenstack/ravenstack_subscriptions.csv && break
done
[ -n "$data" ] || { echo "skipped: ../shared not found"; exit 0; }

rm-import -q -t mrr -m account=account_id -m date=start_date \
	-m value=mrr_amount -m ref=subscription_id -m kind=plan_tier \
	--also 'type=mrr,date=end_date,set-value=0' -o "$TMP/events.tsv" "$data"
rm-churn "$TMP/events.tsv" >"$TMP/got.tsv"

tr -d '\r' <"$data" | awk -F, '
function month(d) { return substr(d, 1, 4) * 12 + substr(d, 6, 2) - 1 }
NR > 1 {
	n++; acc[n] = $2; s[n] = $3; e[n] = $4; amt[n] = $7 * 100; a[$2] = 1
	if (!lo || month($3) < lo) lo = month($3)
	if (month($3) > hi) hi = month($3)
	if ($4 != "" && month($4) > hi) hi = month($4)
}
END {
	for (m = lo; m <= hi; m++) {
		L = sprintf("%04d-%02d-31", int(m / 12), m % 12 + 1)
		split("", now)
		for (i = 1; i <= n; i++) {
			if (s[i] <= L && !(e[i] != "" && e[i] <= L && e[i] >= s[i]))
				now[acc[i]] += amt[i]
			# above 0 at some moment: on its start day, unless
			# cancelled that same day
			if (s[i] <= L && amt[i] > 0 && e[i] != s[i])
				seen[acc[i]] = 1
		}
		ce = 0; tot = 0; nw = 0; ch = 0; mnew = 0; mch = 0
		for (k in a) {
			v = now[k] + 0; w = prev[k] + 0
			if (v > 0) { ce++; tot += v }
			if (w == 0 && v > 0 && !was_seen[k]) { nw++; mnew += v }
			if (w > 0 && v == 0) { ch++; mch += w }
			prev[k] = v
		}
		for (k in seen) was_seen[k] = 1
		printf "%04d-%02d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\n", int(m / 12),
		    m % 12 + 1, nw, ch, ce, mnew / 100, mch / 100, tot / 100
	}
}' >"$TMP/want.tsv"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ print $1 "\t" $col["new"] "\t" $col["churned"] "\t" $col["customers_end"] "\t" $col["mrr_new"] "\t" $col["mrr_churned"] "\t" $col["mrr_end"] }' \
	"$TMP/got.tsv" >"$TMP/got.cut"
if ! cmp -s "$TMP/want.tsv" "$TMP/got.cut"; then
	diff "$TMP/want.tsv" "$TMP/got.cut" | head -20
	echo "FAIL: rm-churn differs from the brute-force computation"
	exit 1
fi
rows=$(wc -l <"$TMP/want.tsv")
[ "$rows" -ge 20 ] || { echo "FAIL: only $rows months"; exit 1; }
# The per-account summary agrees with the table's last row.
rm-churn --accounts-out "$TMP/events.tsv" >"$TMP/acc.tsv"
active=$(awk -F'\t' 'NR > 1 && $6 > 0' "$TMP/acc.tsv" | wc -l)
want=$(tail -1 "$TMP/got.cut" | cut -f4)
[ "$active" -eq "$want" ] || { echo "FAIL: $active accounts with MRR, table says $want"; exit 1; }
echo "ok: $rows months agree"
