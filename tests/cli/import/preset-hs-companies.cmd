rm-import -p hubspot-companies hs-companies.csv
