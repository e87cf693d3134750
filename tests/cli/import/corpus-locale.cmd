rm-import --raw ../../corpus/csvkit/test_locale.csv
