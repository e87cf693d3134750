rm-report -a latin1-accounts.tsv -b owner -n 2 events.tsv
