# Real data: the IBM accounts-receivable sample (../shared/data/crm/
# receivables; no licence stated, so it is read in place, never copied;
# the test is skipped without it).  Invoices become invoice events on the
# due date and payment events on the settled date.  With the as-of date
# after the last payment and a window that holds every invoice, the
# payments formula reduces to H(max(0, sum A (paid - due) / sum A) / 15):
# check every customer's score against that, computed here in awk.
. ./helpers.inc
data=${RMKIT_ROOT:-../../..}/../shared/data/crm/receivables/WA_Fn-UseC_-Accounts-Receivable.csv
[ -f "$data" ] || data=/work/shared/data/crm/receivables/WA_Fn-UseC_-Accounts-Receivable.csv
[ -f "$data" ] || { echo "skipped: no receivables data"; exit 0; }
awk -F, -v OFS='\t' '
function iso(s,    a) { split(s, a, "/"); return sprintf("%04d-%02d-%02d", a[3], a[1], a[2]) }
NR == 1 { print "account", "date", "type", "value", "ref"; next }
{ print $2, iso($6), "invoice", $7, $4; print $2, iso($9), "payment", $7, $4 }' \
	"$data" >"$TMP/ev.tsv"
[ "$(wc -l <"$TMP/ev.tsv")" -gt 4000 ] || fail "conversion"
rm-health --as-of 2014-12-31 --window 3650 "$TMP/ev.tsv" >"$TMP/out.tsv" || fail "run"
# expected scores: days from M/D/YYYY (days since 1970, civil calendar)
awk -F, '
function days(s,    a, y, m, d, era, yoe, doy, doe) {
	split(s, a, "/"); m = a[1] + 0; d = a[2] + 0; y = a[3] + 0
	if (m <= 2) y--
	era = int(y / 400); yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
NR > 1 { amt = int($7 * 100 + 0.5); n[$2] += amt * (days($9) - days($6)); a[$2] += amt }
END { for (c in n) { l = n[c] / a[c]; if (l < 0) l = 0; printf "%s\t%.1f\n", c, 100 * 2 ^ (-l / 15) } }' \
	"$data" | sort >"$TMP/want"
awk -F'\t' 'NR > 1 { print $1 "\t" $9 }' "$TMP/out.tsv" | sort >"$TMP/got"
[ "$(wc -l <"$TMP/want")" -eq 100 ] || fail "want 100 customers, got $(wc -l <"$TMP/want")"
# allow 0.1 for rounding at the last digit
join -t "$(printf '\t')" "$TMP/want" "$TMP/got" | awk -F'\t' '
	{ d = $2 - $3; if (d < 0) d = -d; if (d > 0.1001) { print "differs: " $0; bad++ } n++ }
	END { if (n != 100) { print n " joined"; exit 1 } exit bad > 0 }' || fail "payments scores differ"
cut -f2 "$TMP/got" | sort -u | wc -l | awk '$1 < 20 { exit 1 }' || fail "too few distinct scores"
echo "ok: 100 customers' payments scores match the formula"
