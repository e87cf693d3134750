rm-segment -r 'hot: (arr > 5 and region == "EU"' accounts.tsv
