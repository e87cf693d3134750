#!/bin/sh
# Every big mode of gen-crm: exact header, exact row count, valid values.
G=$BUILD/gen-crm
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$G" ] || fail "no $G"

ev_header='account	date	type	value	ref	kind'
types='mrr order usage touch ticket ticket_closed invoice payment nps csat opportunity won lost renewal_due renewed milestone delivery sla escalation escalation_closed'

# check_events FILE ROWS ACCOUNT_RE TYPES: header, count, per-field syntax
check_events() {
	[ "$(head -1 "$1")" = "$ev_header" ] || fail "$1: header"
	n=$(($(wc -l <"$1") - 1))
	[ "$n" = "$2" ] || fail "$1: $n rows, want $2"
	awk -F'\t' -v are="$3" -v types="$4" '
	BEGIN { nt = split(types, t, " "); for (i = 1; i <= nt; i++) ok[t[i]] = 1 }
	NR == 1 { next }
	NF != 6 { print "line " NR ": " NF " fields"; bad = 1; exit }
	$1 !~ are { print "line " NR ": account " $1; bad = 1; exit }
	$2 !~ /^20(2[2-4])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/ {
		print "line " NR ": date " $2; bad = 1; exit }
	!($3 in ok) { print "line " NR ": type " $3; bad = 1; exit }
	$4 != "" && $4 !~ /^-?[0-9]+(\.[0-9][0-9])?$/ {
		print "line " NR ": value " $4; bad = 1; exit }
	$3 == "nps" && ($4 < 0 || $4 > 10) { print "line " NR ": nps " $4; bad = 1; exit }
	$3 == "csat" && ($4 < 1 || $4 > 5) { print "line " NR ": csat " $4; bad = 1; exit }
	$3 == "ticket" && ($4 < 1 || $4 > 4) { print "line " NR ": sev " $4; bad = 1; exit }
	$3 == "mrr" && ($4 < 0 || $5 == "" || $6 == "") { print "line " NR ": mrr"; bad = 1; exit }
	($3 == "usage" || $3 == "touch") && $6 == "" { print "line " NR ": kind"; bad = 1; exit }
	{ seen[$3] = 1 }
	END {
		if (bad) exit 1
		if (min_types) for (i = 1; i <= nt; i++) if (!(t[i] in seen)) {
			print "type never generated: " t[i]; exit 1 }
	}' min_types="$5" "$1" || fail "$1: bad values"
}

"$G" events --accounts 200 --events 20000 >"$TMP/ev" || fail events
check_events "$TMP/ev" 20000 '^A[0-9][0-9][0-9][0-9]$' "$types" 1
# date order by default
cut -f2 "$TMP/ev" | tail -n +2 | sort -c || fail "events not in date order"
# --sorted: the same events grouped by account, then date
"$G" events --accounts 200 --events 20000 --sorted >"$TMP/evs" || fail sorted
check_events "$TMP/evs" 20000 '^A[0-9][0-9][0-9][0-9]$' "$types" 1
tail -n +2 "$TMP/evs" | sort -s -c -t'	' -k1,1 -k2,2 || fail "--sorted order"
[ "$(sort "$TMP/ev" | md5sum)" = "$(sort "$TMP/evs" | md5sum)" ] ||
	fail "--sorted changes the events"
# every account present, ids padded to the width of the count
[ "$(tail -n +2 "$TMP/ev" | cut -f1 | sort -u | wc -l)" = 200 ] ||
	fail "not every account has events"
"$G" events --accounts 100000 --events 10 | sed -n 2p | grep -q '^A[0-9]\{5\}	' ||
	fail "id width for 100000 accounts"

"$G" mrr --accounts 300 --events 3000 >"$TMP/mrr" || fail mrr
check_events "$TMP/mrr" 3000 '^A[0-9][0-9][0-9][0-9]$' mrr 1
grep -q '	mrr	0	' "$TMP/mrr" || fail "mrr: no cancellations"
# 36 months by default: 2022-01-01 .. 2024-12-31
[ "$(tail -n +2 "$TMP/mrr" | cut -f2 | sort | head -1)" = 2022-01-01 ] ||
	fail "mrr: does not start 2022-01-01"
tail -n +2 "$TMP/mrr" | cut -f2 | awk '$1 < "2022-01-01" || $1 > "2024-12-31" { exit 1 }' ||
	fail "mrr: date outside 36 months"

"$G" orders --customers 500 --orders 5000 >"$TMP/ord" || fail orders
check_events "$TMP/ord" 5000 '^C[0-9][0-9][0-9][0-9]$' order 1
# order ids are unique and follow the output order
[ "$(tail -n +2 "$TMP/ord" | cut -f5 | sort -u | wc -l)" = 5000 ] || fail "order ids"
[ "$(sed -n '2p;$p' "$TMP/ord" | cut -f5 | tr '\n' ' ')" = "ORD1 ORD5000 " ] ||
	fail "order id sequence"

"$G" accounts --rows 1000 >"$TMP/acc" || fail accounts
[ "$(head -1 "$TMP/acc")" = "account	name	owner	segment	tier	industry	region	start	renewal	arr	mrr	health	band	tenure_months" ] ||
	fail "accounts: header"
[ "$(wc -l <"$TMP/acc")" = 1001 ] || fail "accounts: row count"
awk -F'\t' 'NR > 1 {
	if (NF != 14 || $1 !~ /^A[0-9][0-9][0-9][0-9]$/ || $2 == "" || $3 == "" ||
	    $4 !~ /^(SMB|Mid-Market|Enterprise)$/ || $5 !~ /^(Gold|Silver|Bronze)$/ ||
	    $8 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ || $9 <= "2024-12-31" ||
	    $8 > "2024-12-31" || $10 !~ /^[0-9]+\.[0-9][0-9]$/ ||
	    $11 * 12 - $10 > 0.01 || $11 * 12 - $10 < -0.01 ||
	    $12 < 0 || $12 > 100 || $13 !~ /^(green|yellow|red)$/ ||
	    $14 !~ /^[0-9]+$/) { print "line " NR ": " $0; exit 1 }
}' "$TMP/acc" || fail "accounts: bad row"
[ "$(tail -n +2 "$TMP/acc" | cut -f1 | sort -u | wc -l)" = 1000 ] || fail "accounts: keys"

"$G" csv --bytes 200K >"$TMP/csv" || fail csv
[ "$(head -1 "$TMP/csv")" = "Opportunity ID,Account ID,Account Name,Opportunity Name,Stage,Amount,Created Date,Close Date,Type,Opportunity Owner" ] ||
	fail "csv: header"
size=$(wc -c <"$TMP/csv")
[ "$size" -ge 204800 ] && [ "$size" -lt 205300 ] || fail "csv: $size bytes"
[ "$(tail -c 1 "$TMP/csv" | od -An -c | tr -d ' ')" = '\n' ] || fail "csv: last line"
grep -q '"\$[0-9]*,[0-9][0-9][0-9]\.[0-9][0-9]"' "$TMP/csv" || fail "csv: no \$ amounts"
grep -q ',[0-9]\{1,2\}/[0-9]\{1,2\}/20[0-9][0-9],' "$TMP/csv" || fail "csv: no M/D/YYYY"
grep -q '""' "$TMP/csv" || fail "csv: no quotes in fields"
grep -q '"[^",]*, [A-Z]' "$TMP/csv" || fail "csv: no commas in fields"
exit 0
