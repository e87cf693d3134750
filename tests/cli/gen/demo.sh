#!/bin/sh
# The committed demo exports are exactly what `gen-crm demo` writes, they
# keep the formats of EXPORTS.md, and another seed gives other data.
G=$BUILD/gen-crm
D=$RMKIT_ROOT/examples/data
fail() { echo "FAIL: $*"; exit 1; }

mkdir "$TMP/d" "$TMP/d2" || fail mkdir
"$G" demo "$TMP/d" || fail "gen-crm demo"
for f in "$TMP"/d/*; do
	b=$(basename "$f")
	cmp "$f" "$D/$b" || fail "examples/data/$b differs from gen-crm demo (regenerate: build/gen-crm demo examples/data)"
done
for f in "$D"/*; do
	b=$(basename "$f")
	[ "$b" = README.md ] || [ -f "$TMP/d/$b" ] || fail "examples/data/$b is not generated"
done
[ "$(ls "$TMP/d" | wc -l)" = 13 ] || fail "want 12 exports and bad-rows.tsv"
"$G" demo --seed 2 "$TMP/d2" || fail "--seed 2"
cmp -s "$TMP/d/stripe-subscriptions.csv" "$TMP/d2/stripe-subscriptions.csv" &&
	fail "--seed 2 gives the same data"

# headers, as agreed in EXPORTS.md; one BOM, one CRLF file, only those
cat >"$TMP/headers" <<'END'
activities.csv	Account ID,Activity Date,Type,Subject
deliveries.csv	Supplier ID,PO Number,Promised Date,Delivered Date,Days Late
hubspot-companies.csv	\357\273\277Record ID,Company name,Company owner,Industry,Country/Region,Create Date,Annual Revenue,Lifecycle Stage,Segment,Renewal Date
onboarding.csv	Account,Milestone,Date
renewals.csv	Contract ID,Account,Renewal Due,Contract Value,Renewed On,New Value
salesforce-accounts.csv	Account ID,Account Name,Account Owner,Type,Industry,Billing Country,Created Date,Annual Revenue
salesforce-opportunities.csv	Opportunity ID,Account ID,Account Name,Opportunity Name,Stage,Amount,Created Date,Close Date,Type,Opportunity Owner
stripe-invoices.csv	id,Customer,Amount Due,Amount Paid,Currency,Date (UTC),Due Date (UTC),Paid At (UTC),Status
stripe-subscriptions.csv	id,Customer,Plan,MRR,Effective Date
surveys.csv	Account,Submitted,Survey,Score
usage-weekly.csv	account_id,week_start,metric,count
zendesk-tickets.csv	Id,Organization,Subject,Status,Priority,Created at,Solved at
END
(cd "$D" && awk -v list="$TMP/headers" '
BEGIN {
	while ((getline l <list) > 0) {
		split(l, f, "\t")
		h = f[2]
		gsub(/\\357\\273\\277/, "\357\273\277", h)
		want[f[1]] = h
		n++
	}
}
FNR == 1 {
	files++
	hdr = $0
	if (FILENAME == "activities.csv") sub(/\r$/, "", hdr)
	if (hdr != want[FILENAME]) { print FILENAME ": header"; bad = 1 }
}
/\r/ { cr[FILENAME]++ }
{ lines[FILENAME]++ }
END {
	for (k in want) {
		if (k == "activities.csv" && cr[k] != lines[k]) { print k ": not CRLF throughout"; bad = 1 }
		if (k != "activities.csv" && cr[k]) { print k ": has CR"; bad = 1 }
	}
	if (files != n) { print "want " n " exports"; bad = 1 }
	exit bad
}' *.csv) || fail "headers or line ends"
tail -c +4 "$D/hubspot-companies.csv" >"$TMP/hub"
[ "$(wc -l <"$TMP/hub")" = 281 ] || fail "280 customer accounts"
[ "$(wc -l <"$D/salesforce-accounts.csv")" = 21 ] || fail "20 suppliers"
# the mess is there: quoted commas, doubled quotes, line breaks, $ amounts
grep -q '"[^"]*, [^"]*"' "$D/salesforce-opportunities.csv" || fail "no quoted comma"
grep -q '""' "$D/zendesk-tickets.csv" || fail "no doubled quote"
awk -F'"' 'NF % 2 == 0 { found = 1 } END { exit !found }' "$D/zendesk-tickets.csv" ||
	fail "no line break in a quoted field"
grep -q '"\$[0-9]*,[0-9]*\.[0-9][0-9]"' "$D/stripe-subscriptions.csv" || fail "no \$ amounts"
# no event after 2024-12-31, so the default --as-of is the data set's end
(cd "$D" && cat stripe-subscriptions.csv stripe-invoices.csv zendesk-tickets.csv \
	usage-weekly.csv renewals.csv onboarding.csv deliveries.csv |
	grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' |
	awk '$1 > "2024-12-31" && $1 != "2024-13-05" { print; exit 1 }') ||
	fail "date after 2024-12-31"

# README lists every bad row with file and line
[ "$(wc -l <"$D/bad-rows.tsv")" -ge 11 ] && [ "$(wc -l <"$D/bad-rows.tsv")" -le 21 ] ||
	fail "want 10-20 bad rows"
awk -F'\t' 'FNR == NR { if (FNR > 1) want["| " $1 " | " $2 " |"] = 1; next }
	{ for (w in want) if (index($0, w) == 1) delete want[w] }
	END { for (w in want) { print "README lacks " w; bad = 1 } exit bad }' \
	"$D/bad-rows.tsv" "$D/README.md" || fail "README.md bad-row table"
exit 0
