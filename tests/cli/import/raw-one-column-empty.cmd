# --raw with one column: a row whose one field is empty would be written as
# an empty line, which TSV readers skip; it is rejected with its reason.
printf 'a\n1\n""\n3\n' | rm-import --raw --max-rejects 1
