#!/bin/sh
# demo.sh - the whole rmkit pipeline on the bundled example data
# (examples/data), as `make demo` runs it:
#
#   exports --rm-import--> events.tsv, accounts.tsv
#           --rm-health--> health per account
#           --rm-segment-> value tier and value x risk cell
#           --rm-churn---> MRR movements
#           --rm-report--> the KPI report, printed as text
#
# Usage: sh examples/demo.sh [DIR]   (intermediate files in DIR, default
# examples/demo; the report also goes to DIR/report.html)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
out=${1:-$here/demo}
mkdir -p "$out"

echo "== 1. import the CRM exports (17 planted bad rows are rejected)"
sh "$here/demo-import.sh" "$out"

echo
echo "== 2. health, segments"
rm-health -q -a "$out/accounts.tsv" -o "$out/health.tsv" "$out/events.tsv"
rm-segment -q --tiers arr -N value_tier "$out/health.tsv" |
	rm-segment -q --matrix arr,-health -m unscored -N action -o "$out/accounts-scored.tsv"
rm-segment -q --summary --value arr --name action --matrix arr,-health -m unscored \
	"$out/health.tsv" | column -t -s "$(printf '\t')"

echo
echo "== 3. MRR movements, last six months"
rm-churn -q --from 2024-07 --format text "$out/events.tsv"

echo
echo "== 4. the KPI report (also in $out/report.html)"
rm-report -q -a "$out/accounts-scored.tsv" -n 3 -f html -o "$out/report.html" \
	"$out/events.tsv"
rm-report -q -a "$out/accounts-scored.tsv" -n 3 -f text --colour never \
	"$out/events.tsv"
