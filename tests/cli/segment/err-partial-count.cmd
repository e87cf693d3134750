printf "version\tscale\tvalue\tcount\n1\tarr\t100\t0\n" | rm-segment --ntile arr=3 --merge
