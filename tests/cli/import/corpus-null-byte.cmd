rm-import --raw ../../corpus/csvkit/null_byte.csv
