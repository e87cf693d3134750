# columns already named as rmkit's need no --map; others are ignored
printf 'Account,date,value,kind,note\nA1,1/15/2024,"$1,200.50",web,x\n' |
	rm-import --csv -t order
printf 'account,name,arr\nA1,Acme,"$12,000"\n' | rm-import --csv --accounts
