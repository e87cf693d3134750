rm-import --raw ../../corpus/csvkit/mac_newlines.csv
