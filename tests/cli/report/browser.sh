#!/bin/sh
# The HTML report in a real browser: headless Chromium renders it to a
# PNG (checked for size and dimensions) and dumps the DOM it built (checked
# for the KPI tiles, the SVG charts, the band bars and the missed target).
# Skipped when Chromium is not installed (CI installs it: .ci/run).
set -eu
browser=
for b in chromium chromium-browser; do
	command -v $b >/dev/null 2>&1 && { browser=$b; break; }
done
[ -n "$browser" ] || { echo "skipped: no chromium"; exit 0; }
rm-report -a accounts.tsv --as-of 2024-06-30 -n 3 -b owner -t targets.txt \
	-f html -o "$TMP/report.html" events.tsv || [ $? -eq 3 ]
run() {
	$browser --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$TMP/profile.XXXXXX")" "$@" \
		"file://$TMP/report.html" 2>"$TMP/browser.err"
}
# one browser start for both (it is the slow part)
run --screenshot="$TMP/shot.png" --window-size=1200,2000 --dump-dom >"$TMP/dom.html"
[ -s "$TMP/shot.png" ] || { echo "no screenshot"; cat "$TMP/browser.err"; exit 1; }
# PNG signature, then IHDR width and height (big-endian) at bytes 16..23
sig=$(od -An -tx1 -N8 "$TMP/shot.png" | tr -d ' \n')
[ "$sig" = 89504e470d0a1a0a ] || { echo "not a PNG: $sig"; exit 1; }
dims=$(od -An -tu1 -j16 -N8 "$TMP/shot.png" |
	awk '{print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8)}')
[ "$dims" = 1200x2000 ] || { echo "screenshot is $dims"; exit 1; }
size=$(wc -c <"$TMP/shot.png")
[ "$size" -gt 50000 ] || { echo "screenshot only $size bytes: blank page?"; exit 1; }
tiles=$(grep -o 'class="tile[ "]' "$TMP/dom.html" | wc -l)
[ "$tiles" -ge 40 ] || { echo "only $tiles tiles in the DOM"; exit 1; }
grep -q 'class="tile miss" data-kpi="nps"' "$TMP/dom.html"
grep -q '<svg class="chart" data-kpi="mrr"' "$TMP/dom.html"
grep -q '<svg class="chart" data-kpi="logo_churn_rate"' "$TMP/dom.html"
grep -q '<polyline' "$TMP/dom.html"
grep -q 'class="seg b2"' "$TMP/dom.html"
grep -q 'Beta' "$TMP/report.html" && { echo "account names leaked"; exit 1; }
# self-contained: no external references
if grep -Eq '(src|href)=|@import|url\(' "$TMP/report.html"; then
	echo "external reference in the page"; exit 1
fi
echo ok
