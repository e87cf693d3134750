printf "version\tscale\tlevel\tfrom\n1\tarr\t2\t100\n" | rm-segment --ntile health=2 --cuts - accounts.tsv
