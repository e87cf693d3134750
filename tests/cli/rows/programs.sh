#!/bin/sh
# Rows are never lost by the programs after rm-import, on the demo data
# (examples/demo-import.sh) and on generated data (gen-crm):
#   rm-health   with -a: the account table comes out row for row, its
#               columns unchanged, the new ones appended, then a row for
#               each account only in the events; without -a: one row per
#               account of the events (the same set)
#   rm-segment  every method: the input table row for row, columns
#               unchanged, one column appended
#   rm-churn    --accounts-out: one row per account with mrr events; with
#               -a: the account table row for row (then as rm-health)
#   rm-segment  --rfm: one row per customer with orders
#   rm-import   --accounts: one row per input row; an event stream comes
#               back row for row
#   rm-report   --by owner: the groups' accounts add up to the total
cd "$TMP" || exit 1
fails=0
bad() { echo "FAIL: $*"; fails=1; }

sh "$RMKIT_ROOT/examples/demo-import.sh" demo 2>/dev/null || bad "demo-import failed"
gen=$BUILD/gen-crm
mkdir gen
$gen events --accounts 3000 --events 30000 >gen/events.tsv || bad "gen-crm events"
# (without its health and band columns, which rm-health replaces)
$gen accounts --rows 2500 | cut -f 1-11,14 >gen/acc.tsv || bad "gen-crm accounts"
[ "$(head -n 1 gen/acc.tsv | cut -f 12)" = tenure_months ] || bad "gen-crm accounts: columns changed"
$gen orders --customers 2000 --orders 20000 >gen/orders.tsv || bad "gen-crm orders"

# same_rows NAME TABLE OUTPUT [ADDED [EVENTS]]: OUTPUT is TABLE row for
# row with ADDED (default 1) columns appended, then one row for each
# account of EVENTS that the table lacks.
same_rows() {
	nc=$(head -n 1 "$2" | awk -F '\t' '{ print NF }')
	nr=$(wc -l <"$2")
	head -n "$nr" "$3" | cut -f 1-"$nc" | cmp -s "$2" - ||
		bad "$1: the input rows or columns changed ($nr in, $(wc -l <"$3") out)"
	if [ -n "${5:-}" ]; then
		accounts_of "$5" >all
		tail -n +2 "$2" | cut -f 1 | sort -u | comm -13 - all >want
	else
		: >want
	fi
	tail -n +$((nr + 1)) "$3" | cut -f 1 | sort >got
	cmp -s want got ||
		bad "$1: $(wc -l <want) accounts only in the events, $(wc -l <got) rows after the table"
	want=$((nc + ${4:-1}))
	awk -F '\t' -v n=$want 'NF != n { exit 1 }' "$3" ||
		bad "$1: not $want fields on every line"
}

# accounts_of EVENTS [TYPE]: the sorted accounts of an event stream.
accounts_of() {
	awk -F '\t' -v t="${2:-}" 'NR > 1 && (t == "" || $3 == t) { print $1 }' "$1" |
		sort -u
}

for d in demo gen; do
	ev=$d/events.tsv
	acc=$d/accounts.tsv
	[ $d = gen ] && acc=$d/acc.tsv
	rm-health -q -a "$acc" "$ev" >out || bad "$d: rm-health -a"
	same_rows "$d rm-health -a" "$acc" out 10 "$ev"
	rm-health -q "$ev" >out || bad "$d: rm-health"
	accounts_of "$ev" >want
	tail -n +2 out | cut -f 1 | sort >got
	cmp -s want got || bad "$d rm-health: $(wc -l <want) accounts in events, $(wc -l <got) out"

	rm-churn -q --accounts-out "$ev" >out || bad "$d: rm-churn -A"
	accounts_of "$ev" mrr >want
	tail -n +2 out | cut -f 1 | sort >got
	cmp -s want got || bad "$d rm-churn -A: $(wc -l <want) mrr accounts, $(wc -l <got) out"
	rm-churn -q --accounts-out -a "$acc" "$ev" >out || bad "$d: rm-churn -A -a"
	same_rows "$d rm-churn -A -a" "$acc" out 6 "$ev"

	for m in "--tiers arr" "--ntile arr=4" "--rule big:arr>100000 --default small" \
		"--matrix arr,arr"; do
		# shellcheck disable=SC2086
		rm-segment -q -N seg_new $m "$acc" >out || bad "$d: rm-segment $m"
		same_rows "$d rm-segment $m" "$acc" out
	done

	total=$(rm-report -q -a "$acc" -b owner -n 1 -k accounts "$ev" |
		awk -F '\t' '$1 == "all" { print $4 }')
	sum=$(rm-report -q -a "$acc" -b owner -n 1 -k accounts "$ev" |
		awk -F '\t' 'NR > 1 && $1 != "all" { s += $4 } END { print s }')
	[ "$total" = "$sum" ] && [ "$total" -gt 0 ] ||
		bad "$d rm-report --by owner: total $total, groups add up to $sum"
done

rm-segment -q --rfm gen/orders.tsv >out || bad "gen: rm-segment --rfm"
accounts_of gen/orders.tsv order >want
tail -n +2 out | cut -f 1 | sort >got
cmp -s want got || bad "gen rm-segment --rfm: $(wc -l <want) customers, $(wc -l <got) out"

rm-import -q --accounts gen/acc.tsv >out || bad "gen: rm-import --accounts"
[ "$(wc -l <out)" -eq "$(wc -l <gen/acc.tsv)" ] ||
	bad "gen rm-import --accounts: $(wc -l <gen/acc.tsv) lines in, $(wc -l <out) out"
rm-import -q -T type gen/events.tsv >out || bad "gen: rm-import events"
# (values are written in their shortest form: 145500.00 becomes 145500)
cut -f 1-3,5- gen/events.tsv >want
cut -f 1-3,5- out | cmp -s want - || bad "gen rm-import: events changed"
exit $fails
