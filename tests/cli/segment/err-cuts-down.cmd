printf "version\tscale\tlevel\tfrom\n1\tarr\t2\t100\n1\tarr\t3\t50\n" | rm-segment --ntile arr=3 --cuts - accounts.tsv
