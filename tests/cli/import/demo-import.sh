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
grep -q "^demo-import: 73450 events, 300 accounts, 17 rows rejected" "$TMP/err" ||
	{ echo "FAIL: summary"; cat "$TMP/err"; fail=1; }
# per type: rows of one-event files less their rejects, and so on
awk -F'\t' 'NR > 1 { n[$3]++ } END { for (t in n) print t, n[t] }' \
	"$TMP/demo/events.tsv" | sort >"$TMP/types"
cat >"$TMP/want-types" <<'END'
csat 798
delivery 968
invoice 4766
lost 96
milestone 568
mrr 659
nps 917
opportunity 647
payment 4504
renewal_due 176
renewed 145
ticket 2661
ticket_closed 2618
touch 11007
usage 42444
won 476
END
cmp -s "$TMP/want-types" "$TMP/types" || { echo "FAIL: types"; diff "$TMP/want-types" "$TMP/types"; fail=1; }
# the account table has every customer and supplier once
[ "$(cut -f1 "$TMP/demo/accounts.tsv" | sort -u | wc -l)" -eq 301 ] || { echo "FAIL: accounts"; fail=1; }
exit $fail
