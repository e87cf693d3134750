rm-import --frobnicate
