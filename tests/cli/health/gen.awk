# gen.awk - random but valid events for the property tests.
#   awk -v seed=N -v accounts=N -v events=N -f gen.awk
# Dates are days of 2024; 9 in 10 invoices get a payment of the same
# amount 10 days before to 40 days after the due date.
function day2date(n,    m) {
	for (m = 1; m <= 12 && n > mdays[m]; m++)
		n -= mdays[m]
	return sprintf("2024-%02d-%02d", m, n)
}
BEGIN {
	split("31 29 31 30 31 30 31 31 30 31 30 31", mdays, " ")
	split("usage touch ticket ticket_closed invoice invoice nps csat " \
	      "delivery sla escalation escalation_closed mrr", types, " ")
	srand(seed)
	OFS = "\t"
	print "account", "date", "type", "value", "ref", "kind"
	for (i = 0; i < events; i++) {
		a = sprintf("acct%03d", int(rand() * accounts))
		t = types[1 + int(rand() * 13)]
		dn = 1 + int(rand() * 366)
		d = day2date(dn)
		v = ""
		if (t == "usage") v = int(rand() * 500)
		else if (t == "ticket") v = 1 + int(rand() * 4)
		else if (t == "invoice") v = int(rand() * 2000) / 2
		else if (t == "nps") v = int(rand() * 11)
		else if (t == "csat") v = 1 + int(rand() * 5)
		else if (t == "delivery") v = int(rand() * 15) - 5
		else if (t == "sla") v = int(rand() * 2)
		else if (t == "mrr") v = int(rand() * 100) * 10
		print a, d, t, v, "r" i, ""
		if (t == "invoice" && rand() < 0.9) { # paid -10..40 days after due
			pn = dn + int(rand() * 51) - 10
			if (pn < 1) pn = 1
			if (pn > 366) pn = 366
			print a, day2date(pn), "payment", v, "r" i, ""
		}
	}
}
