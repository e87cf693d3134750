printf 'Top\t5\t4-5\t*\nOdd\t0-2\t*\t*\n' >$TMP/seg.txt
cd $TMP && rm-segment --rfm --segments seg.txt "$OLDPWD/events.tsv"
