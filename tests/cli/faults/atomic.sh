#!/bin/sh
# -o FILE when the run fails on bad data: every program exits 1 with the
# bad row named, the earlier FILE is untouched (same content, same inode)
# and no temporary file is left beside it.
. ./faults.inc
cd "$TMP" || exit 1
{
	base_rows
	printf 'A3\t2024-02-30\tmrr\tabc\n'
} >bad.tsv
to_csv <bad.tsv >bad.csv
mkdir -p out

# try NAME COMMAND...: run COMMAND -o out/report.html over an old report.
try() {
	name=$1
	shift
	echo "old report" >out/report.html
	before=$(ls -i out/report.html)
	"$@" -o out/report.html >stdout 2>stderr
	printf '%s\t%s\t%s\n' "$name" "$?" "$(tr '\n' '|' <stderr)"
	[ -s stdout ] && echo "$name: wrote to stdout"
	[ "$(cat out/report.html)" = "old report" ] ||
		echo "$name: the old report was changed"
	[ "$(ls -i out/report.html)" = "$before" ] ||
		echo "$name: the old report was replaced"
	[ "$(ls out)" = report.html ] && return
	echo "$name: left in out/: $(ls out | tr '\n' ' ')"
	rm -f out/report.html.tmp.*
}

{
	for r in $readers; do
		try "$r" run_reader "$r" bad
	done
	try report-html rm-report -q --format html bad.tsv
	try churn-cohorts rm-churn -q --cohorts bad.tsv
	try health-explain rm-health -q --explain A1 bad.tsv
	try segment-rule rm-segment -q --rule 'big: value > 100' bad.tsv
} >got

cat >want <<'WANT'
import-csv	1	rm-import: bad.csv:5: column 'date': invalid date '2024-02-30'|rm-import: 1 of 4 rows rejected|rm-import: more than 0 rejected rows (--max-rejects): 'out/report.html' not written|
import-tsv	1	rm-import: bad.tsv:5: column 'date': invalid date '2024-02-30'|rm-import: 1 of 4 rows rejected|rm-import: more than 0 rejected rows (--max-rejects): 'out/report.html' not written|
health	1	rm-health: bad.tsv:5: column 'date': invalid date '2024-02-30' (want YYYY-MM-DD)|rm-health: 1 bad input row; no output written|
churn	1	rm-churn: bad.tsv:5: column 'date': invalid date '2024-02-30' (want YYYY-MM-DD)|rm-churn: 1 bad input row|
segment	1	rm-segment: bad.tsv:5: column 'value': invalid number 'abc'|
report	1	rm-report: bad.tsv:5: column 'date': invalid date '2024-02-30' (want YYYY-MM-DD)|rm-report: 1 bad event row|
report-html	1	rm-report: bad.tsv:5: column 'date': invalid date '2024-02-30' (want YYYY-MM-DD)|rm-report: 1 bad event row|
churn-cohorts	1	rm-churn: bad.tsv:5: column 'date': invalid date '2024-02-30' (want YYYY-MM-DD)|rm-churn: 1 bad input row|
health-explain	1	rm-health: bad.tsv:5: column 'date': invalid date '2024-02-30' (want YYYY-MM-DD)|rm-health: 1 bad input row; no output written|
segment-rule	1	rm-segment: bad.tsv:5: column 'value': invalid number 'abc'|
WANT
diff -u want got || { echo "FAIL: see the differences above"; exit 1; }
