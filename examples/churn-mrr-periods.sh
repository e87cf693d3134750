#!/bin/sh
# MRR movements of the dbt mrr-playbook subscription periods
# (../shared/data/crm/mrr-periods; 121 periods of 55 customers): each
# period is an mrr event of monthly_amount on start_date and of 0 on
# end_date, the first month no longer paid.
#
#   sh examples/churn-mrr-periods.sh [SHARED_DIR]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$root/../shared}
csv=$shared/data/crm/mrr-periods/subscription_periods.csv
PATH=$root/bin:$PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm-import -q -t mrr -m account=customer_id -m date=start_date \
	-m value=monthly_amount -m ref=subscription_id \
	--also 'type=mrr,date=end_date,set-value=0' -o "$tmp/events.tsv" "$csv"

echo "== monthly movements"
rm-churn --format text "$tmp/events.tsv"
echo "== quarters"
rm-churn --period quarter --format text "$tmp/events.tsv"
echo "== logo retention by quarterly cohort"
rm-churn --period quarter --cohorts --format text "$tmp/events.tsv"
echo "== accounts"
rm-churn --accounts-out "$tmp/events.tsv" | head -10
