rm-segment -r 'ok: arr > 1' -r 'hot: arr > > 5' accounts.tsv
