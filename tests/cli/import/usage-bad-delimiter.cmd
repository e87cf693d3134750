rm-import -d ab -p zendesk-tickets
