#!/bin/sh
# Rows are never lost in rm-import: for every demo export (examples/data,
# imported as examples/demo-import.sh does), the CSV records counted here
# independently (a record ends at a line end after an even number of
# quotes) equal the rows of the first event type (or account rows) plus
# the rejected rows plus the rows the type map sends to '-'; rm-import's
# own counts on stderr agree; the rejects are exactly the planted bad rows
# of examples/data/bad-rows.tsv (file and line), each with a reason and
# the record; the --also events are at most one per row.
data=$RMKIT_ROOT/examples/data
cd "$TMP" || exit 1
fails=0
bad() { echo "FAIL: $*"; fails=1; }

# records FILE: CSV records after the header.
records() {
	awk '{ q += gsub(/"/, "\""); if (q % 2 == 0) r++ } END { print r - 1 }' "$1"
}

# check FILE FIRST-TYPE ALSO-TYPE OPTIONS...: FIRST-TYPE is a regular
# expression for the types of the first event of a row ('' for --accounts),
# ALSO-TYPE that of the --also events ('' when none).
check() {
	f=$1 first=$2 also=$3
	shift 3
	(cd "$data" && rm-import --max-rejects 3 -r "$TMP/rej.tsv" "$@" "$f") \
		>out.tsv 2>err
	st=$?
	[ $st -eq 0 ] || { bad "$f: exit $st"; cat err; return; }
	n=$(records "$data/$f")
	if [ -n "$first" ]; then
		e=$(awk -F '\t' -v t="^($first)\$" 'NR > 1 && $3 ~ t' out.tsv | wc -l)
		a=$(awk -F '\t' -v t="^($also)\$" 'NR > 1 && $3 ~ t' out.tsv | wc -l)
		other=$(($(wc -l <out.tsv) - 1 - e - a))
		[ $other -eq 0 ] || bad "$f: $other events of other types"
		[ -z "$also" ] || [ "$a" -le "$e" ] || bad "$f: $a --also events for $e rows"
	else
		e=$(($(wc -l <out.tsv) - 1))
	fi
	r=$(($(wc -l <rej.tsv) - 1))
	s=$(sed -n "s/^rm-import: \([0-9]*\) of $n rows made no event.*/\1/p" err)
	s=${s:-0}
	[ $n -eq $((e + r + s)) ] ||
		bad "$f: $n rows in, $e out + $r rejected + $s without an event"
	if [ $r -gt 0 ]; then
		grep -qx "rm-import: $r of $n rows rejected (see $TMP/rej.tsv)" err ||
			bad "$f: rm-import's count: $(cat err)"
	fi
	# the rejects are the planted bad rows: same file and lines
	awk -F '\t' -v f="$f" '$1 == f { print $1 "\t" $2 }' "$data/bad-rows.tsv" >want
	awk -F '\t' 'NR > 1 { print $1 "\t" $2 }' rej.tsv >got
	cmp -s want got || { bad "$f: rejects differ"; diff want got; }
	awk -F '\t' 'NR > 1 && ($3 == "" || $4 == "")' rej.tsv | grep -q . &&
		bad "$f: a reject without reason or record"
	echo "$f: $n rows = $e + $r rejected + $s no event"
}

check hubspot-companies.csv '' '' -p hubspot-companies
check salesforce-accounts.csv '' '' -p salesforce-accounts
check salesforce-opportunities.csv opportunity 'won|lost' -p salesforce-opportunities
check stripe-invoices.csv invoice payment -p stripe-invoices
check zendesk-tickets.csv ticket ticket_closed -p zendesk-tickets
check stripe-subscriptions.csv mrr '' -t mrr -m account=Customer \
	-m date='Effective Date' -m value=MRR -m ref=id -m kind=Plan
check usage-weekly.csv usage '' -t usage -m account=account_id \
	-m date=week_start -m value=count -m kind=metric
check surveys.csv 'nps|csat' '' -T Survey --type-map 'NPS=nps,CSAT=csat' \
	-m account=Account -m date=Submitted -m value=Score
check activities.csv touch '' -t touch -m account='Account ID' \
	-m date='Activity Date' -m kind=Type \
	--kind-map 'Call=call,Meeting=meeting,Email=email,QBR=qbr,Visit=visit'
check renewals.csv renewal_due renewed -t renewal_due -m account=Account \
	-m date='Renewal Due' -m value='Contract Value' -m ref='Contract ID' \
	--also 'type=renewed,date=Renewed On,value=New Value'
check onboarding.csv milestone '' -t milestone -m account=Account -m date=Date \
	-m kind=Milestone
check deliveries.csv delivery '' -t delivery -m account='Supplier ID' \
	-m date='Delivered Date' -m value='Days Late' -m ref='PO Number'
exit $fails
