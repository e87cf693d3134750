#!/bin/sh
# The cron job examples/nightly-kpi.sh, run on the bundled demo exports
# (examples/data): import, score, segment, report, alert.  The demo data
# misses some of examples/nightly-targets.txt, so it must exit 3 with an
# alert; with targets it meets it exits 0.  Two runs give identical files
# (a nightly report diffs cleanly), named by the data's as-of date.
set -eu
root=${RMKIT_ROOT:-../../..}
status=0
sh "$root/examples/nightly-kpi.sh" -o "$TMP/a" >"$TMP/a.out" 2>"$TMP/a.err" || status=$?
[ $status -eq 3 ] || { echo "status $status, want 3"; cat "$TMP/a.err"; exit 1; }
grep -q 'ALERT: KPI targets missed' "$TMP/a.err"
grep -q 'target missed: logo_churn_rate' "$TMP/a.err"
html=$TMP/a/reports/2024-12-31.html
tsv=$TMP/a/reports/2024-12-31.tsv
[ -s "$html" ] && [ -s "$tsv" ]
grep -q '<p class="alert" id="missed">' "$html"
grep -q '<svg class="chart" data-kpi="mrr"' "$html"
grep -q "<td class=\"miss\"" "$html"
# the account table went through rm-health (bands) and the report grouped by owner
if command -v rm-health >/dev/null 2>&1; then
	head -1 "$tsv" | grep -q 'health_mean.*band_green'
	grep -q 'id="bands"' "$html"
fi
[ "$(cut -f1 "$tsv" | sort -u | grep -c .)" -ge 5 ]
sh "$root/examples/nightly-kpi.sh" -o "$TMP/b" >/dev/null 2>&1 || true
cmp "$html" "$TMP/b/reports/2024-12-31.html"
cmp "$tsv" "$TMP/b/reports/2024-12-31.tsv"
printf 'logo_churn_rate <= 50%%\n' >"$TMP/easy.txt"
sh "$root/examples/nightly-kpi.sh" -o "$TMP/c" -t "$TMP/easy.txt" >"$TMP/c.out" 2>&1
grep -q 'all targets met' "$TMP/c.out"
echo ok
