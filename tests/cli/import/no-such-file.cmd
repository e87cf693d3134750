rm-import -p zendesk-tickets nonexistent.csv
