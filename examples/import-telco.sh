#!/bin/sh
# IBM Telco customer churn: an account table (no dates, so no events).
# TotalCharges is a single space for new customers: kept as a missing value.
#
# Usage: sh examples/import-telco.sh DIR   (writes accounts.tsv into DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/telco (see ../shared/data/SOURCES.md).
set -eu
out=${1:?usage: $0 DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/telco
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
rm-import --accounts -m account=customerID -m segment=Contract \
	-k tenure -k MonthlyCharges -k TotalCharges -k PaymentMethod -k Churn \
	-o "$out/accounts.tsv" "$data/IBM_Telco-Customer-Churn.csv"
