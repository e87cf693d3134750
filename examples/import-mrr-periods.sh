#!/bin/sh
# dbt mrr-playbook subscription periods: mrr = monthly_amount from start_date
# and mrr = 0 from end_date (--also with set-value=0).
#
# Usage: sh examples/import-mrr-periods.sh DIR   (writes events.tsv into DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/mrr-periods (see ../shared/data/SOURCES.md).
set -eu
out=${1:?usage: $0 DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/mrr-periods
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
rm-import -t mrr -m account=customer_id -m date=start_date \
	-m value=monthly_amount -m ref=subscription_id \
	--also 'type=mrr,date=end_date,set-value=0' \
	-o "$out/events.tsv" "$data/subscription_periods.csv"
