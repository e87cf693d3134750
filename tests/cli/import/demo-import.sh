# examples/demo-import.sh on the demo exports: every deliberately bad row
# (examples/data/bad-rows.tsv) is rejected at its line, nothing else is,
# and every other row becomes its events.
data=$RMKIT_ROOT/examples/data
if [ ! -f "$data/bad-rows.tsv" ]; then
	echo "skipped: examples/data not generated yet"
	exit 0
fi
sh "$RMKIT_ROOT/examples/demo-import.sh" "$TMP/demo" 2>"$TMP/err" || {
	cat "$TMP/err"; exit 1; }
fail=0
tail -n +2 "$data/bad-rows.tsv" | cut -f 1,2 | sort >"$TMP/want"
tail -n +2 "$TMP/demo/rejects.tsv" | cut -f 1,2 | sort >"$TMP/got"
cmp -s "$TMP/want" "$TMP/got" || { echo "FAIL: rejects differ"; diff "$TMP/want" "$TMP/got"; fail=1; }
# Each row of these files makes exactly one event of this type: the count
# is the file's records (rm-import --raw; ragged rows are not records) less
# its rejected rows that are not ragged.
awk -F'\t' 'NR > 1 { n[$3]++ } END { for (t in n) print t, n[t] }' \
	"$TMP/demo/events.tsv" >"$TMP/types"
count() { awk -v t="$1" '$1 == t { s += $2 } END { print s + 0 }' "$TMP/types"; }
expect() { # expect FILE TYPES...
	f=$1
	shift
	rows=$(rm-import -q --raw --max-rejects 99 "$data/$f" 2>/dev/null | tail -n +2 | wc -l)
	bad=$(awk -F'\t' -v f="$f" '$1 == f && $3 !~ /fields, header has/' \
		"$TMP/demo/rejects.tsv" | wc -l)
	got=0
	for t in "$@"; do got=$((got + $(count "$t"))); done
	if [ "$got" -ne $((rows - bad)) ]; then
		echo "FAIL $f: $got events of type $*, want $((rows - bad))"
		fail=1
	fi
}
expect salesforce-opportunities.csv opportunity
expect zendesk-tickets.csv ticket
expect stripe-subscriptions.csv mrr
expect usage-weekly.csv usage
expect surveys.csv nps csat
expect activities.csv touch
expect renewals.csv renewal_due
expect onboarding.csv milestone
expect deliveries.csv delivery
# second events: some, never more than their first events
for pair in "opportunity won" "opportunity lost" "invoice payment" \
	"ticket ticket_closed" "renewal_due renewed"; do
	set -- $pair
	[ "$(count "$2")" -gt 0 ] && [ "$(count "$2")" -le "$(count "$1")" ] ||
		{ echo "FAIL: $(count "$2") $2 for $(count "$1") $1"; fail=1; }
done
[ $(($(count won) + $(count lost))) -le "$(count opportunity)" ] || { echo "FAIL: won+lost"; fail=1; }
grep -q "^demo-import: [0-9]* events, 300 accounts, 17 rows rejected" "$TMP/err" ||
	{ echo "FAIL: summary"; cat "$TMP/err"; fail=1; }
# the account table has every customer and supplier once
[ "$(cut -f1 "$TMP/demo/accounts.tsv" | sort -u | wc -l)" -eq 301 ] || { echo "FAIL: accounts"; fail=1; }
exit $fail
