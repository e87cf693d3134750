rm-import -p salesforce-opportunities --max-rejects 5 -q -o $TMP/out.tsv -r $TMP/r.tsv sf-opps.csv 2>/dev/null; echo "status $?"; wc -l < $TMP/out.tsv
