gzip -c zendesk-tickets.csv | rm-import -p zendesk-tickets
