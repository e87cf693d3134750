printf "\377\376a\000,\000b\000\n\000" | rm-import --raw
