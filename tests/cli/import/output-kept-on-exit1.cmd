echo old > $TMP/out.tsv; rm-import -p salesforce-opportunities -o $TMP/out.tsv sf-opps.csv 2>/dev/null; echo "status $?"; cat $TMP/out.tsv; ls $TMP
