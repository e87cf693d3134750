rm-health
