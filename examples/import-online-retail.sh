#!/bin/sh
# UCI Online Retail (gzip TSV): one order event per invoice line, value =
# UnitPrice x Quantity.  Two kinds of line are rejected loudly into
# DIR/rejects.tsv, with line number and reason, never dropped: the 135,080
# lines without a CustomerID, and the 8,905 cancellations of known
# customers (InvoiceNo C..., negative Quantity): a return is not a purchase,
# and order values are never negative in the event vocabulary (rmkit(7)).
#
# Usage: sh examples/import-online-retail.sh DIR   (writes events.tsv and rejects.tsv into DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/online-retail (see ../shared/data/SOURCES.md).
set -eu
out=${1:?usage: $0 DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/online-retail
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
rm-import -t order -m account=CustomerID -m date=InvoiceDate \
	-m value=UnitPrice -m quantity=Quantity -m ref=InvoiceNo \
	-r "$out/rejects.tsv" --max-rejects 143985 \
	-o "$out/events.tsv" "$data/online-retail.tsv.gz"
