# one account: mid rank 1/2, every score 1 + floor(5/2) = 3 -> Need Attention
printf 'account\tdate\ttype\tvalue\nsolo\t2024-05-01\torder\t12.5\n' | rm-segment --rfm
printf 'account\tarr\nsolo\t7\n' | rm-segment --tiers arr
printf 'account\tarr\nsolo\t7\n' | rm-segment --ntile arr=10
