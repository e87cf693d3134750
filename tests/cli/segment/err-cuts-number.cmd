printf "version\tscale\tlevel\tfrom\n1\tarr\t2\t1,5\n" | rm-segment --ntile arr=2 --cuts - accounts.tsv
