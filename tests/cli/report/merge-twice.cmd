rm-report --merge partial-small.out partial-small.out
