sed 's/^\(item	invoice	2024-06-15\)	/\1x	/' partial-small.out | rm-report --merge
