rm-import -p hubspot-deals hs-deals.csv
