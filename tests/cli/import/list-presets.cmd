rm-import --list-presets
