rm-import -m account=a -m date=b -t order --also "type=payment"
