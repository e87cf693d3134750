printf "version\tscale\tvalue\tcount\n1\tarr\t100\t1\n" | rm-segment --tiers health --merge
