#!/bin/sh
# Property: with -k, events no chosen KPI uses are skipped (kpi_types());
# the values must be exactly those of the full report, for any choice.
set -eu
args="-a accounts.tsv --as-of 2024-06-30 -n 3 -b owner"
rm-report $args events.tsv >"$TMP/all.tsv"
for list in mrr accounts nps,csat tickets_open ticket_median_days \
	mean_days_late,overdue_amount win_rate,open_pipeline upsell_revenue \
	time_to_first_value renewal_value_rate escalation_median_days \
	untouched_accounts,touches_per_account health_mean,worsened_accounts,band_red \
	revenue_growth,active_accounts,new_accounts pipeline finance supplier; do
	rm-report $args -k "$list" events.tsv | tail -n +2 | sort >"$TMP/got"
	pattern=$(echo "$list" | sed 's/,/|/g')
	# the rows of the full report for these KPIs (families by name)
	kpis=$(rm-report --list-kpis | awk -F'\t' -v p="^($pattern)\$" \
		'NR > 1 && ($1 ~ p || $2 ~ p) { print $1 }' | tr '\n' '|')
	awk -F'\t' -v p="^(${kpis%|}|$pattern)\$" 'NR > 1 && $3 ~ p' "$TMP/all.tsv" |
		sort >"$TMP/want"
	[ -s "$TMP/want" ] || { echo "$list: nothing to compare"; exit 1; }
	diff "$TMP/want" "$TMP/got" || { echo "-k $list differs"; exit 1; }
done
echo ok
