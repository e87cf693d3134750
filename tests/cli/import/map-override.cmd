rm-import -p hubspot-deals -m date="Close Date" -k "Deal owner" hs-deals.csv
