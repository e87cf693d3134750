rm-segment --matrix arr,-health --partial accounts.tsv && rm-segment --matrix arr,-health --partial accounts.tsv | rm-segment --matrix arr,-health --merge
