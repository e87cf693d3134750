rm-import --version
