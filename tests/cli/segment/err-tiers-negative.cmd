printf 'account\tarr\na\t5\nb\t-1\n' | rm-segment --tiers arr
