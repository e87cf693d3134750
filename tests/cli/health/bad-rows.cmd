rm-health bad.tsv
