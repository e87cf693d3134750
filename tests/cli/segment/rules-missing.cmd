# a missing arr: "not arr > 1000" is unknown, not true
rm-segment -r 'low: not arr > 1000' -r 'gap: missing(arr)' -d rest accounts.tsv
