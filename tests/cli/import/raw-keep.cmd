rm-import --raw -k metric -k account_id usage-a.csv usage-b.txt; rm-import --raw usage-a.csv zendesk-tickets.csv
