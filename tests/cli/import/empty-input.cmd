rm-import -p zendesk-tickets < /dev/null
