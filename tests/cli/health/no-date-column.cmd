rm-health nodate.tsv
