rm-import --raw ../../corpus/csvkit/empty.csv
