#!/bin/sh
# Maven Analytics CRM pipeline: an opportunity on engage_date, won or lost on
# close_date; the accounts as an account table.  1,588 open deals have no
# account or no engage date yet: they are rejected (counted in
# DIR/rejects.tsv), not dropped.
#
# Usage: sh examples/import-maven.sh DIR   (writes events.tsv, accounts.tsv and rejects.tsv into DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/maven-pipeline (see ../shared/data/SOURCES.md).
set -eu
out=${1:?usage: $0 DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/maven-pipeline
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
rm-import -t opportunity -m account=account -m date=engage_date \
	-m value=close_value -m ref=opportunity_id -k product \
	--also 'type-from=deal_stage,date=close_date,value=close_value' \
	--type-map 'Won=won,Lost=lost,Engaging=-,Prospecting=-' \
	-r "$out/rejects.tsv" --max-rejects 1588 \
	-o "$out/events.tsv" "$data/sales_pipeline.csv"
rm-import --accounts -m account=account -m industry=sector \
	-m region=office_location -k revenue -k employees \
	-k year_established -k subsidiary_of \
	-o "$out/accounts.tsv" "$data/accounts.csv"
