rm-import --raw sf-opps.csv
