#!/bin/sh
# UCI Online Retail (gzip TSV): one order event per invoice line, value =
# UnitPrice x Quantity.  Cancellations (InvoiceNo starting with C) have a
# negative Quantity, so they become negative orders.  135,080 lines have no
# CustomerID: they are rejected loudly (DIR/rejects.tsv), not dropped.
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
	-r "$out/rejects.tsv" --max-rejects 135080 \
	-o "$out/events.tsv" "$data/online-retail.tsv.gz"
