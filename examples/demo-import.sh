#!/bin/sh
# Import every demo export in examples/data (see EXPORTS.md and
# examples/data/README.md) into one event stream and one account table:
#
#   sh examples/demo-import.sh DIR
#
# writes DIR/events.tsv (all events), DIR/accounts.tsv (the 280 customer
# accounts and the 20 suppliers) and DIR/rejects.tsv (the deliberately bad
# rows, with file, line and reason).  Each file may have at most 3 rejected
# rows (the most any demo file holds); more ends the import with status 1.
set -eu
out=${1:?usage: demo-import.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DEMO_DATA:-$here/data}
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rmkit-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0

# imp FILE OPTIONS...: import one export into $tmp/N.tsv, rejects in N.rej
imp() {
	n=$((n + 1))
	f=$1
	shift
	if ! (cd "$data" && rm-import -q --max-rejects 3 -r "$tmp/$n.rej" \
		-o "$tmp/$n.tsv" "$@" "$f") 2>"$tmp/$n.err"; then
		sed "s|$tmp/$n.rej|$out/rejects.tsv|" "$tmp/$n.err" >&2
		exit 1
	fi
	echo "$tmp/$n.tsv" >>"$tmp/${kind}s"
}

kind=account
imp hubspot-companies.csv -p hubspot-companies
imp salesforce-accounts.csv -p salesforce-accounts
kind=event
imp salesforce-opportunities.csv -p salesforce-opportunities
imp stripe-invoices.csv -p stripe-invoices
imp zendesk-tickets.csv -p zendesk-tickets
imp stripe-subscriptions.csv -t mrr -m account=Customer \
	-m date='Effective Date' -m value=MRR -m ref=id -m kind=Plan
imp usage-weekly.csv -t usage -m account=account_id -m date=week_start \
	-m value=count -m kind=metric
imp surveys.csv -T Survey --type-map 'NPS=nps,CSAT=csat' -m account=Account \
	-m date=Submitted -m value=Score
imp activities.csv -t touch -m account='Account ID' -m date='Activity Date' \
	-m kind=Type \
	--kind-map 'Call=call,Meeting=meeting,Email=email,QBR=qbr,Visit=visit'
imp renewals.csv -t renewal_due -m account=Account -m date='Renewal Due' \
	-m value='Contract Value' -m ref='Contract ID' \
	--also 'type=renewed,date=Renewed On,value=New Value'
imp onboarding.csv -t milestone -m account=Account -m date=Date \
	-m kind=Milestone
imp deliveries.csv -t delivery -m account='Supplier ID' \
	-m date='Delivered Date' -m value='Days Late' -m ref='PO Number'

# Concatenate TSV files matching columns by name: the output has the union
# of the columns in order of appearance, missing ones empty.
merge() {
	awk -F'\t' -v OFS='\t' '
	FNR == 1 { for (i = 1; i <= NF; i++) { name[FILENAME, i] = $i
			if (!($i in col)) { col[$i] = ++ncol; order[ncol] = $i } }
		files[++nf] = FILENAME; next }
	{ rows[++nr] = $0; from[nr] = FILENAME }
	END {
		for (c = 1; c <= ncol; c++) printf "%s%s", order[c], c < ncol ? OFS : ORS
		for (r = 1; r <= nr; r++) {
			m = split(rows[r], f, "\t")
			for (c = 1; c <= ncol; c++) v[c] = ""
			for (i = 1; i <= m; i++) v[col[name[from[r], i]]] = f[i]
			for (c = 1; c <= ncol; c++) printf "%s%s", v[c], c < ncol ? OFS : ORS
		}
	}' "$@"
}
# shellcheck disable=SC2046
merge $(cat "$tmp/accounts") >"$out/accounts.tsv"
{
	head -n 1 "$tmp/3.tsv"
	for f in $(cat "$tmp/events"); do tail -n +2 "$f"; done
} >"$out/events.tsv"
{
	head -n 1 "$tmp/1.rej"
	for i in $(seq 1 $n); do tail -n +2 "$tmp/$i.rej"; done
} >"$out/rejects.tsv"
echo "demo-import: $(($(wc -l <"$out/events.tsv") - 1)) events," \
	"$(($(wc -l <"$out/accounts.tsv") - 1)) accounts," \
	"$(($(wc -l <"$out/rejects.tsv") - 1)) rows rejected (see $out/rejects.tsv)" >&2
