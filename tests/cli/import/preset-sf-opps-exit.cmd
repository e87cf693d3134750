rm-import -p salesforce-opportunities sf-opps.csv
