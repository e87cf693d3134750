rm-health -x nobody events.tsv
