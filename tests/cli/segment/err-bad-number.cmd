# region is text: comparing it with a number is bad data
rm-segment -r 'x: region > 5' accounts.tsv
