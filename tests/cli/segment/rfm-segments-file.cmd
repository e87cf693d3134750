# a custom table on the 1..3 scale; c3 (r 1) matches none: --default
printf '# name r f m\nBest\t3\t*\t2-3\nOK\t2-3\t*\t*\n' >$TMP/seg.txt
rm-segment --rfm --bins 3 --segments $TMP/seg.txt --default other events.tsv
