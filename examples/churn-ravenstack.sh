#!/bin/sh
# MRR movements, churn and retention of the RavenStack synthetic SaaS data
# (../shared/data/crm/ravenstack: 500 accounts, 5,000 subscriptions with
# start_date, end_date and mrr_amount), by industry and by cohort.
#
#   sh examples/churn-ravenstack.sh [SHARED_DIR]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$root/../shared}
dir=$shared/data/crm/ravenstack
PATH=$root/bin:$PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A subscription is an mrr event on its start date and, when it ended,
# one of 0 on its end date; the plan tier becomes the kind.
rm-import -q -t mrr -m account=account_id -m date=start_date \
	-m value=mrr_amount -m ref=subscription_id -m kind=plan_tier \
	--also 'type=mrr,date=end_date,set-value=0' \
	-o "$tmp/events.tsv" "$dir/ravenstack_subscriptions.csv"
rm-import -q -a -m account=account_id -m name=account_name \
	-m industry=industry -m region=country -m start=signup_date \
	-o "$tmp/accounts.tsv" "$dir/ravenstack_accounts.csv"

echo "== quarterly movements"
rm-churn --period quarter --format text "$tmp/events.tsv"
echo "== by industry, 2024 quarters"
rm-churn --period quarter --from 2024-Q1 --by industry \
	--accounts "$tmp/accounts.tsv" --format text "$tmp/events.tsv"
echo "== net MRR retention by quarterly cohort"
rm-churn --period quarter --cohorts --measure mrr --format text "$tmp/events.tsv"
