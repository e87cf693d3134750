rm-report --merge </dev/null
