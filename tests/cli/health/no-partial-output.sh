# Bad input leaves an existing -o file as it was (exit 1, nothing
# half-written), and a good run replaces it.
. ./helpers.inc
echo "old report" >"$TMP/report.tsv"
rm-health -o "$TMP/report.tsv" events.tsv bad.tsv 2>"$TMP/err"
[ $? -eq 1 ] || fail "want exit status 1"
[ "$(cat "$TMP/report.tsv")" = "old report" ] || fail "the old report was touched"
grep -q "no output written" "$TMP/err" || fail "no message"
[ "$(ls "$TMP")" = "$(printf 'err\nreport.tsv')" ] || fail "a temporary file was left: $(ls "$TMP")"
rm-health --explain acme -o "$TMP/report.tsv" bad.tsv 2>/dev/null && fail "explain on bad input succeeded"
[ "$(cat "$TMP/report.tsv")" = "old report" ] || fail "the old report was touched by --explain"
rm-health -o "$TMP/report.tsv" events.tsv || fail "good run"
cmp -s "$TMP/report.tsv" client.out || fail "good run wrote something else"
echo ok
