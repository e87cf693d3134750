printf "a,d\n" > $TMP/x.csv; for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "A$i,2024-02-3$i" >> $TMP/x.csv; done; cd $TMP && rm-import -m account=a -m date=d -t touch x.csv
