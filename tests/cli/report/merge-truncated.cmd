head -n 30 partial-small.out | rm-report --merge
