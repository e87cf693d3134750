#!/bin/sh
# CDNOW purchases (Fader & Hardie): one order event per purchase.  The file is
# whitespace-aligned text, so one line of awk turns it into TSV first.
#
# Usage: sh examples/import-cdnow.sh DIR   (writes events.tsv into DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/cdnow (see ../shared/data/SOURCES.md).
set -eu
out=${1:?usage: $0 DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/cdnow
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
awk 'BEGIN { OFS = "\t" } { sub(/\r$/, ""); $1 = $1; print }' "$data/CDNOW_master.txt" |
	rm-import --tsv -t order -m account=customer_id -m date=date \
		-m value=dollar_value -k number_of_cds -o "$out/events.tsv"
