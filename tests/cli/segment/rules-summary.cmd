rm-segment -s -v arr -r 'key: arr >= 100000 or tier == "gold"' -r 'renew soon: renewal < 2024-03-01 and not missing(arr)' -r 'eu: region in ("EU")' -d other accounts.tsv
