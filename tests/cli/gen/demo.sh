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

# headers, as agreed in EXPORTS.md
check_header() {
	[ "$(head -1 "$D/$1" | tr -d '\r')" = "$2" ] || fail "$1: header"
}
printf '\357\273\277' >"$TMP/bom"
[ "$(head -c 3 "$D/hubspot-companies.csv" | od -An -tx1)" = "$(od -An -tx1 <"$TMP/bom")" ] ||
	fail "hubspot-companies.csv: no BOM"
tail -c +4 "$D/hubspot-companies.csv" >"$TMP/hub"
[ "$(head -1 "$TMP/hub")" = "Record ID,Company name,Company owner,Industry,Country/Region,Create Date,Annual Revenue,Lifecycle Stage,Segment,Renewal Date" ] ||
	fail "hubspot header"
check_header salesforce-accounts.csv "Account ID,Account Name,Account Owner,Type,Industry,Billing Country,Created Date,Annual Revenue"
check_header salesforce-opportunities.csv "Opportunity ID,Account ID,Account Name,Opportunity Name,Stage,Amount,Created Date,Close Date,Type,Opportunity Owner"
check_header stripe-subscriptions.csv "id,Customer,Plan,MRR,Effective Date"
check_header stripe-invoices.csv "id,Customer,Amount Due,Amount Paid,Currency,Date (UTC),Due Date (UTC),Paid At (UTC),Status"
check_header zendesk-tickets.csv "Id,Organization,Subject,Status,Priority,Created at,Solved at"
check_header usage-weekly.csv "account_id,week_start,metric,count"
check_header surveys.csv "Account,Submitted,Survey,Score"
check_header activities.csv "Account ID,Activity Date,Type,Subject"
check_header renewals.csv "Contract ID,Account,Renewal Due,Contract Value,Renewed On,New Value"
check_header onboarding.csv "Account,Milestone,Date"
check_header deliveries.csv "Supplier ID,PO Number,Promised Date,Delivered Date,Days Late"

# one BOM, one CRLF file, and only those
for f in "$D"/*.csv; do
	b=$(basename "$f")
	cr=$(tr -cd '\r' <"$f" | wc -c)
	lines=$(wc -l <"$f")
	if [ "$b" = activities.csv ]; then
		[ "$cr" = "$lines" ] || fail "$b: not CRLF throughout"
	else
		[ "$cr" = 0 ] || fail "$b: has CR"
	fi
	[ "$b" = hubspot-companies.csv ] || ! head -c 3 "$f" | grep -q "$(cat "$TMP/bom")" ||
		fail "$b: BOM"
done
[ "$(wc -l <"$TMP/hub")" = 281 ] || fail "280 customer accounts"
[ "$(wc -l <"$D/salesforce-accounts.csv")" = 21 ] || fail "20 suppliers"
# the mess is there: quoted commas, doubled quotes, line breaks, $ amounts
grep -q '"[^"]*, [^"]*"' "$D/salesforce-opportunities.csv" || fail "no quoted comma"
grep -q '""' "$D/zendesk-tickets.csv" || fail "no doubled quote"
awk -F'"' 'NF % 2 == 0 { found = 1 } END { exit !found }' "$D/zendesk-tickets.csv" ||
	fail "no line break in a quoted field"
grep -q '"\$[0-9]*,[0-9]*\.[0-9][0-9]"' "$D/stripe-subscriptions.csv" || fail "no \$ amounts"
# no event after 2024-12-31, so the default --as-of is the data set's end
for f in stripe-subscriptions stripe-invoices zendesk-tickets usage-weekly renewals onboarding deliveries; do
	grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "$D/$f.csv" |
		awk '$1 > "2024-12-31" && $1 != "2024-13-05" { print; exit 1 }' ||
		fail "$f: date after 2024-12-31"
done

# README lists every bad row with file and line
[ "$(wc -l <"$D/bad-rows.tsv")" -ge 11 ] && [ "$(wc -l <"$D/bad-rows.tsv")" -le 21 ] ||
	fail "want 10-20 bad rows"
tail -n +2 "$D/bad-rows.tsv" | while IFS='	' read -r f l rest; do
	grep -q "^| $f | $l |" "$D/README.md" || { echo "README lacks $f line $l"; exit 1; }
done || fail "README.md bad-row table"
exit 0
