cd "$TMP" && printf 'id,when\n1,2024-01-01\n' >x.csv && rm-import -t order x.csv
