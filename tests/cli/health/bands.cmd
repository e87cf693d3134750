rm-health --bands 90,60,30 --band-names great,good,poor,bad events.tsv
