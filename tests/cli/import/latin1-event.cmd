printf "acct,d\nK\351ln,2024-01-01\n" | rm-import -m account=acct -m date=d -t touch; printf "acct,d\nK\351ln,2024-01-01\n" | rm-import --latin1 -m account=acct -m date=d -t touch --kind call
