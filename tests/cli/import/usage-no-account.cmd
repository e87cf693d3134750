rm-import -t order x.csv
