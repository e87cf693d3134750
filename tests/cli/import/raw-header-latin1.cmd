# --raw writes the header as it is, so it must be UTF-8; --latin1
# converts it, as it converts the rows
printf 'n\351,b\n1,2\n' | rm-import --raw
printf 'n\351,b\n1,2\n' | rm-import --raw --latin1
