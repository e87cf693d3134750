printf "acct,d,v\nA,45292,1\nB,5/1/2024,2\n" | rm-import --csv --excel-dates --dmy -m account=acct -m date=d -m value=v -t nps
