rm-import --raw --latin1 ../../corpus/csvkit/test_latin1.csv
