rm-report --merge -n 3 partial-small.out
