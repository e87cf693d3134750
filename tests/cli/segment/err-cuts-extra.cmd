printf "version\tscale\tlevel\tfrom\n1\tarr\t2\t100\n1\tarr\t3\t500\n" | rm-segment --ntile arr=2 --cuts - accounts.tsv
