rm-import -m account=Customer -m date=Created -t ticket zendesk-tickets.csv
