rm-import --raw ../../corpus/csvkit/blanks.csv
