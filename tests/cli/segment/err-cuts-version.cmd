printf "version\tscale\tlevel\tfrom\n2\tarr\t2\t100\n" | rm-segment --ntile arr=2 --cuts - accounts.tsv
