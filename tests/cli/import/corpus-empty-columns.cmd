rm-import --raw ../../corpus/csvkit/test_empty_columns.csv
