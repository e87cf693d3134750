printf "a,d\nA,2024-01-01\nB\000,2024-01-02\nC,2024-01-03\n" | rm-import -m account=a -m date=d -t touch
