rm-report --partial -f json events.tsv
