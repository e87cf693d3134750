rm-import --raw ../../corpus/csvkit/test_utf8_bom.csv
