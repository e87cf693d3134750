#!/bin/sh
# RFM segments of the UCI Online Retail customers (CC0; 541,909 invoice
# lines of 2010-12-01..2011-12-09).  Each invoice line becomes an order
# event (value = UnitPrice x Quantity, ref = InvoiceNo, so the lines of one
# invoice are one order); lines without a CustomerID and cancellations
# (InvoiceNo C..., a negative value) are rejected loudly into rejects.tsv.
# RFM is measured as of 2011-12-10, the day after the last invoice.
#
# Usage: sh examples/segment-online-retail.sh [DIR]   (keeps its files in DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/online-retail (see ../shared/data/SOURCES.md).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/online-retail
PATH=$here/../${BINDIR:-bin}:$PATH
if [ $# -gt 0 ]; then
	out=$1
	mkdir -p "$out"
else
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi

rm-import --tsv -q -t order -m account=CustomerID -m date=InvoiceDate \
	-m value=UnitPrice -m quantity=Quantity -m ref=InvoiceNo \
	-r "$out/rejects.tsv" --max-rejects 143985 -o "$out/events.tsv" \
	"$data/online-retail.tsv.gz"

rm-segment --rfm --as-of 2011-12-10 -o "$out/rfm.tsv" "$out/events.tsv"
echo "== RFM per customer (first rows)"
head -6 "$out/rfm.tsv"
echo "== segments: customers and their share of revenue"
rm-segment --rfm --as-of 2011-12-10 --summary "$out/events.tsv"
echo "== Champions by ABC tier of monetary value (chained runs)"
rm-segment --tiers monetary --name abc "$out/rfm.tsv" |
	rm-segment -r 'champion A: segment == "Champions" and abc == "A"' \
		-r 'champion B/C: segment == "Champions"' -d other \
		--name focus --summary --value monetary
