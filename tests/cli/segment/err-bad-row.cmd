printf 'account\tarr\na\t5\nb\t1\textra\n' | rm-segment --tiers arr
