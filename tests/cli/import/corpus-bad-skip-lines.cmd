rm-import --raw -r $TMP/rej.tsv --max-rejects 2 ../../corpus/csvkit/bad_skip_lines.csv 2>&1 | sed "s|$TMP|TMP|" && cat $TMP/rej.tsv
