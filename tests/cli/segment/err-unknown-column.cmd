rm-segment -r 'big: arr > 5' -r 'eu: regoin == "EU"' accounts.tsv
