rm-import -p zendesk-tickets zendesk-tickets.csv
