rm-import -m account=a -m date=b -t sale
