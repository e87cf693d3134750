rm-import --accounts --decimal-comma -m account=a -m arr=b -k c ../../corpus/csvkit/test_locale.csv
