rm-segment --rules rules.txt --default other --name group accounts.tsv
