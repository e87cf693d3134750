#!/bin/sh
# IBM accounts receivable: an invoice on its due date and a payment on the
# settled date (M/D/YYYY dates).
#
# Usage: sh examples/import-receivables.sh DIR   (writes events.tsv into DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/receivables (see ../shared/data/SOURCES.md).
set -eu
out=${1:?usage: $0 DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/receivables
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
rm-import -t invoice -m account=customerID -m date=DueDate \
	-m value=InvoiceAmount -m ref=invoiceNumber \
	--also 'type=payment,date=SettledDate,value=InvoiceAmount' \
	-o "$out/events.tsv" "$data/WA_Fn-UseC_-Accounts-Receivable.csv"
