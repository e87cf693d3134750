rm-import --preset zendesk-tickets --show
