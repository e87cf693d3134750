# a second file with the columns in another order, one missing
printf 'region\taccount\tarr\nEU\tb1\t7\n\tb2\t\n' >$TMP/more.tsv
rm-segment -r 'eu: region == "EU"' -r 'small: arr < 1000' -d x accounts.tsv $TMP/more.tsv
