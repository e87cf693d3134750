#!/bin/sh
# rm-import rejects exactly the bad rows of the demo (bad-rows.tsv), with
# their line numbers, and accepts everything else.
D=$RMKIT_ROOT/examples/data
fail() { echo "FAIL: $*"; exit 1; }
command -v rm-import >/dev/null || { echo "skipped: no rm-import"; exit 0; }
cd "$D" || fail "no $D"
imp() { # file, then the mapping
	f=$1
	shift
	rm-import -q "$@" --max-rejects 100 -r "$TMP/rej" "$f" >"$TMP/out" ||
		fail "$f: rm-import failed"
	tail -n +2 "$TMP/rej" | cut -f1,2 >>"$TMP/got"
}
: >"$TMP/got"
for p in hubspot-companies salesforce-accounts salesforce-opportunities stripe-invoices zendesk-tickets; do
	imp $p.csv -p $p
done
imp stripe-subscriptions.csv -t mrr -m account=Customer -m date='Effective Date' -m value=MRR -m ref=id -m kind=Plan
imp usage-weekly.csv -t usage -m account=account_id -m date=week_start -m value=count -m kind=metric
imp surveys.csv -T Survey --type-map 'NPS=nps,CSAT=csat' -m account=Account -m date=Submitted -m value=Score
imp activities.csv -t touch -m account='Account ID' -m date='Activity Date' -m kind=Type --kind-map 'Call=call,Meeting=meeting,Email=email,QBR=qbr,Visit=visit'
imp renewals.csv -t renewal_due -m account=Account -m date='Renewal Due' -m value='Contract Value' -m ref='Contract ID' --also 'type=renewed,date=Renewed On,value=New Value'
imp onboarding.csv -t milestone -m account=Account -m date=Date -m kind=Milestone
imp deliveries.csv -t delivery -m account='Supplier ID' -m date='Delivered Date' -m value='Days Late' -m ref='PO Number'
tail -n +2 bad-rows.tsv | cut -f1,2 | sort >"$TMP/want"
sort "$TMP/got" >"$TMP/got.s"
diff "$TMP/want" "$TMP/got.s" || fail "rejected rows differ from bad-rows.tsv"
