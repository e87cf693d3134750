rm-import --raw ../../corpus/csvkit/bad.csv
