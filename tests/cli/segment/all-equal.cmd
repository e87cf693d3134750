# all equal: one score for all (the middle one), one tier (A)
printf 'account\tarr\na\t5\nb\t5\nc\t5\n' | rm-segment --ntile arr=4
printf 'account\tarr\na\t5\nb\t5\nc\t5\n' | rm-segment --tiers arr
