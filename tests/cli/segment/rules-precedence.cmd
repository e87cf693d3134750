# x: (arr/1000 + health*2 > 200 and region != "US") or health < 25
# y: (not health > 50) and arr > 1000
rm-segment -r 'x: arr / 1000 + health * 2 > 200 and region != "US" or health < 25' -r 'y: not health > 50 and arr > 1000' -d no accounts.tsv
