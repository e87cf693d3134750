rm-import --raw ../../corpus/csvkit/test_utf16_little.csv
