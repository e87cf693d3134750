printf "a,b\n1,\"open\n2,3\n4,5\n6,7\n" | rm-import --raw --max-record 16 --max-rejects 9
