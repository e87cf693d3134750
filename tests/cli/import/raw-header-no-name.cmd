# --raw with one column and no name: the header would be an empty line,
# which TSV readers skip (the first row would become the header)
printf '""\n1\n2\n' | rm-import --raw
