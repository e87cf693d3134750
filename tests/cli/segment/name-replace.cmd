# an existing column of the --name is replaced (and moves to the end)
rm-segment --ntile health=2 --name tier accounts.tsv
