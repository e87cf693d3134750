# 7 values, 4 bins: score = 1 + floor(4 (2L + c) / 14); the two 45000s share 3
rm-segment --ntile arr=4 --name q accounts.tsv
