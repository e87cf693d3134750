rm-import --help | head -3
