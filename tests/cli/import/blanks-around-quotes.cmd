printf 'a,d\n A1 , "2024-01-05" \n"A,2"  ,"1/5/2024"\n' > $TMP/b.csv; rm-import -m account=a -m date=d -t touch $TMP/b.csv; rm-import --raw $TMP/b.csv 2>&1 | sed "s|$TMP/||"
