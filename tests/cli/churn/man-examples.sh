#!/bin/sh
# Every rm-churn command of the EXAMPLES section of man/rm-churn.1 (of
# the subscription mode: lines with model-mode options are left out) runs
# (on this directory's fixtures as events.tsv and accounts.tsv), exits 0
# and writes a table with at least one row.
set -e
page=$RMKIT_ROOT/man/rm-churn.1
[ -f "$page" ] || page=../../../man/rm-churn.1
{ cat updown.tsv; tail -n +2 renewals.tsv; } >"$TMP/events.tsv"
cp accounts.tsv "$TMP/accounts.tsv"
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$page" | sed -n 's/^\.Dl rm-churn/rm-churn/p' |
	grep -v -e --model -e --summary -e --params -e --fit >"$TMP/cmds"
n=$(wc -l <"$TMP/cmds")
[ "$n" -ge 5 ] || { echo "FAIL: only $n examples found"; exit 1; }
cd "$TMP"
while read -r cmd; do
	sh -c "$cmd" >out 2>err || { echo "FAIL: $cmd"; cat err; exit 1; }
	[ -s churn.tsv ] && mv churn.tsv out
	rows=$(wc -l <out)
	[ "$rows" -ge 2 ] || { echo "FAIL: $cmd wrote $rows lines"; exit 1; }
done <"$TMP/cmds"
echo "ok: $n examples"
