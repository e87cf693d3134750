rm-import --show
