printf '# nothing yet\n\n' >$TMP/empty.rules
rm-segment --rules $TMP/empty.rules accounts.tsv
