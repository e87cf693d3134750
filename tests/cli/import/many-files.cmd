rm-import -m account=account_id -m date=week_start -m kind=metric -m value=count -t usage usage-a.csv usage-b.txt usage-c.tsv
