rm-import -p salesforce-opportunities -r $TMP/rej.tsv --max-rejects 5 sf-opps.csv 2>&1 | sed "s|$TMP|TMP|"; cat $TMP/rej.tsv
