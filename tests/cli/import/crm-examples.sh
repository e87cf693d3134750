# Run every examples/import-*.sh on the real data in ../shared/data/crm and
# check the row counts (worked out from the sources: see each script).
# Skipped when ../shared is absent (it is not part of the repository).
shared=
for d in "$RMKIT_ROOT/../shared" /work/shared; do
	[ -d "$d/data/crm" ] && { shared=$d; break; }
done
if [ -z "$shared" ]; then
	echo "skipped: ../shared/data/crm not found"
	exit 0
fi
RMKIT_DATA=$shared/data
export RMKIT_DATA
ex=$RMKIT_ROOT/examples
fail=0
rows() { echo $(($(wc -l <"$1") - 1)); }
want() { # want NAME FILE COUNT
	got=$(rows "$2")
	if [ "$got" != "$3" ]; then
		echo "FAIL $1: $got rows in $(basename "$2"), want $3"
		fail=1
	fi
}
run() { # run SCRIPT: into $TMP/SCRIPT
	if ! sh "$ex/import-$1.sh" "$TMP/$1" 2>"$TMP/$1.err"; then
		echo "FAIL import-$1.sh: exit status $?"
		cat "$TMP/$1.err"
		fail=1
	fi
}
run cdnow
want cdnow "$TMP/cdnow/events.tsv" 69659
run telco
want telco "$TMP/telco/accounts.tsv" 7043
run receivables # 2466 invoices, every one settled
want receivables "$TMP/receivables/events.tsv" 4932
run maven # 8800 deals: 1588 open without account or engage date
want maven "$TMP/maven/events.tsv" $((7212 + 4238 + 2473))
want maven "$TMP/maven/rejects.tsv" 1588
want maven "$TMP/maven/accounts.tsv" 85
run ravenstack # 5000 subscriptions (486 ended), 2000 tickets (all closed)
want ravenstack "$TMP/ravenstack/events.tsv" $((5000 + 486 + 4000 + 25000 + 600))
want ravenstack "$TMP/ravenstack/accounts.tsv" 500
run mrr-periods # 121 periods, all ended
want mrr-periods "$TMP/mrr-periods/events.tsv" 242
run online-retail # 541909 lines: 135080 without CustomerID, 8905 cancellations
want online-retail "$TMP/online-retail/events.tsv" 397924
want online-retail "$TMP/online-retail/rejects.tsv" 143985
# every rejected retail line is one without a customer or a cancellation
# (an InvoiceNo starting with C and a negative value)
n=$(awk -F'\t' 'NR > 1 && $3 != "column '\''CustomerID'\'': missing account" &&
	!($3 ~ /^column .UnitPrice.: negative value -[0-9.]+ for event type .order.$/ && $4 ~ /^C/)' \
	"$TMP/online-retail/rejects.tsv" | wc -l)
[ "$n" -eq 0 ] || { echo "FAIL online-retail: $n other rejects"; fail=1; }
# cancellations are negative orders
awk -F'\t' '$5 ~ /^C/ && $4 >= 0 { bad++ } END { exit bad > 0 }' \
	"$TMP/online-retail/events.tsv" || { echo "FAIL: positive cancellation"; fail=1; }
# mrr periods: every subscription ends at 0
n=$(awk -F'\t' '$3 == "mrr" && $4 == 0' "$TMP/mrr-periods/events.tsv" | wc -l)
[ "$n" -eq 121 ] || { echo "FAIL mrr-periods: $n zero events"; fail=1; }
exit $fail
