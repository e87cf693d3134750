rm-import -m account
