#!/bin/sh
# Real data: the IBM accounts-receivable sample (../shared/data/crm/
# receivables, licence "none stated": read in place, never copied).  The
# CSV becomes invoice events (due date, amount) and payment events
# (settled date, amount) with awk; the late-payment rate and the mean days
# late per year are computed independently from the CSV's own DaysLate
# column and compared with rm-report's late_payment_rate and
# mean_days_late (all invoices are settled, so every one counts for both).
set -eu
csv=
for d in "${RMKIT_ROOT:-../../..}/../shared" /work/shared; do
	f=$d/data/crm/receivables/WA_Fn-UseC_-Accounts-Receivable.csv
	[ -f "$f" ] && { csv=$f; break; }
done
[ -n "$csv" ] || { echo "skipped: no ../shared/data/crm/receivables"; exit 0; }
awk -F, 'function iso(s,  p) { split(s, p, "/"); return sprintf("%04d-%02d-%02d", p[3], p[1], p[2]) }
NR == 1 { print "account\tdate\ttype\tvalue\tref"; next }
{
	print $2 "\t" iso($6) "\tinvoice\t" $7 "\t" $4
	print $2 "\t" iso($9) "\tpayment\t" $7 "\t" $4
}' "$csv" >"$TMP/events.tsv"
rm-report -p year -n 3 -k late_payment_rate,on_time_payment_rate,mean_days_late \
	"$TMP/events.tsv" >"$TMP/got.tsv"
awk -F, '{ sub(/\r$/, "") } NR > 1 { split($6, p, "/"); y = p[3]; n[y]++; late[y] += $12 > 0; days[y] += $12 }
END {
	print "group\tperiod\tkpi\tvalue"
	for (y in n) {
		printf "all\t%s\ton_time_payment_rate\t%.4f\n", y, 1 - late[y] / n[y]
		printf "all\t%s\tlate_payment_rate\t%.4f\n", y, late[y] / n[y]
		printf "all\t%s\tmean_days_late\t%.2f\n", y, days[y] / n[y]
	}
}' "$csv" | sort >"$TMP/want.tsv"
sort "$TMP/got.tsv" | diff "$TMP/want.tsv" -
echo ok
