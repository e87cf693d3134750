grep -v '^item	ticket' partial-small.out | rm-report --merge
