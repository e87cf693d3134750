rm-report </dev/null
