rm-health -a accounts.tsv -x umbrella events.tsv
