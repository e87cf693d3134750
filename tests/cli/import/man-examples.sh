# Every command in the EXAMPLES section of man/rm-import.1 runs, in a copy
# of the demo exports, and succeeds.
data=$RMKIT_ROOT/examples/data
if [ ! -f "$data/salesforce-opportunities.csv" ]; then
	echo "skipped: examples/data not generated yet"
	exit 0
fi
cp "$data"/*.csv "$TMP"/
awk '/^\.Sh EXAMPLES/ { on = 1; next } /^\.Sh / { on = 0 }
	on && /^\.Bd -literal/ { lit = 1; next } on && /^\.Ed/ { lit = 0; next }
	on && lit { gsub(/\\e/, "\\"); print }' \
	"$RMKIT_ROOT/man/rm-import.1" >"$TMP/examples.sh"
n=$(grep -c '^rm-import' "$TMP/examples.sh")
[ "$n" -ge 8 ] || { echo "FAIL: only $n examples found"; exit 1; }
cd "$TMP" || exit 1
set -e
. ./examples.sh >/dev/null
# spot checks of what they wrote
[ "$(wc -l <rejects.tsv)" -eq 4 ]
head -1 opportunities.tsv | grep -q '^account	date	type	value	ref	kind$'
grep -q '	mrr	' mrr.tsv
grep -q '	nps	' surveys.tsv
grep -q '	renewed	' renewals.tsv
grep -q '	ticket_closed	' tickets.tsv
[ "$(wc -l <accounts.tsv)" -eq 281 ]
