rm-import --raw ../../corpus/csvkit/dummy.tsv
