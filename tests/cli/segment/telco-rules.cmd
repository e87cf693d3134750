# IBM Telco sample (Apache-2.0, see NOTICE): import as an account table,
# segment by rules, then the summary with the share of monthly charges
rm-import --accounts -q -m account=customerID -k tenure -k Contract \
	-k MonthlyCharges -k InternetService -k Churn telco-slice.tsv >$TMP/acc.tsv
rm-segment --rules telco.rules --default steady $TMP/acc.tsv
rm-segment --rules telco.rules --default steady --summary --value MonthlyCharges $TMP/acc.tsv
