# fuzz_date (see churn-9999): rm-report counted no accounts in the last
# year of 9999.
rm-report -p year -n 1 -k accounts,mrr ev-9999.tsv
