rm-segment --tiers arr -o $TMP/out.tsv accounts.tsv && cut -f1,9 $TMP/out.tsv
