rm-import --raw ../../corpus/csvkit/test_latin1.csv
