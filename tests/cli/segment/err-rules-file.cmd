printf 'a: arr > 1\n# comment\nb: arr >\n    and region == "x"\n' >$TMP/r.txt
cd $TMP && rm-segment --rules r.txt "$OLDPWD/accounts.tsv"
