#!/bin/sh
# RavenStack synthetic SaaS data: subscriptions as mrr events (mrr_amount from
# start_date, 0 from end_date), support tickets (ticket + ticket_closed),
# feature usage (joined to its account through the subscription with awk)
# and churn events (milestone 'churned', reason kept); the accounts as an
# account table.
#
# Usage: sh examples/import-ravenstack.sh DIR   (writes events.tsv and accounts.tsv into DIR)
# Data: ${RMKIT_DATA:-../shared/data}/crm/ravenstack (see ../shared/data/SOURCES.md).
set -eu
out=${1:?usage: $0 DIR}
here=$(cd "$(dirname "$0")" && pwd)
data=${RMKIT_DATA:-$(cd "$here/../.." && pwd)/shared/data}/crm/ravenstack
case ${BINDIR:-bin} in
/*) PATH=$BINDIR:$PATH ;;
*) PATH=$here/../${BINDIR:-bin}:$PATH ;;
esac
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm-import -q -t mrr -m account=account_id -m date=start_date \
	-m value=mrr_amount -m ref=subscription_id -m kind=plan_tier \
	--also 'type=mrr,date=end_date,set-value=0' \
	-o "$tmp/subscriptions.tsv" "$data/ravenstack_subscriptions.csv"
rm-import -q -t ticket -m account=account_id -m date=submitted_at \
	-m value=priority -m ref=ticket_id \
	--value-map 'urgent=1,high=2,medium=3,low=4' \
	--also 'type=ticket_closed,date=closed_at' \
	-o "$tmp/tickets.tsv" "$data/ravenstack_support_tickets.csv"
# usage rows name the subscription: add its account as a first column
awk -F, 'NR == FNR { acct[$1] = $2; next }
	FNR == 1 { print "account_id," $0; next }
	{ print acct[$2] "," $0 }' \
	"$data/ravenstack_subscriptions.csv" "$data/ravenstack_feature_usage.csv" |
	rm-import -q --csv -t usage -m account=account_id -m date=usage_date \
		-m value=usage_count -m kind=feature_name \
		-o "$tmp/usage.tsv"
rm-import -q -t milestone --kind churned -m account=account_id \
	-m date=churn_date -m ref=churn_event_id -k reason_code \
	-o "$tmp/churn.tsv" "$data/ravenstack_churn_events.csv"
# one event stream: the first header, then every file's rows (the churn
# file's extra reason_code column is dropped from the combined stream)
{
	cat "$tmp/subscriptions.tsv"
	for f in tickets usage; do tail -n +2 "$tmp/$f.tsv"; done
	tail -n +2 "$tmp/churn.tsv" | cut -f 1-6
} >"$out/events.tsv"
cp "$tmp/churn.tsv" "$out/churn.tsv"
rm-import --accounts -m account=account_id -m name=account_name \
	-m industry=industry -m region=country -m start=signup_date \
	-m tier=plan_tier -k seats -k referral_source -k churn_flag \
	-o "$out/accounts.tsv" "$data/ravenstack_accounts.csv"
