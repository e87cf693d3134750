rm-import -m account="Account ID" -m date="Created Date" -T Stage --type-map "Closed Won=won,Closed Lost=lost" sf-opps.csv
