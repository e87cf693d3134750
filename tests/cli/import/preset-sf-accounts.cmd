rm-import -p salesforce-accounts sf-accounts.csv
