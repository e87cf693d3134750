printf "account\taccount_id\ndate week_start\n" > $TMP/u.map; rm-import -M $TMP/u.map usage-a.csv 2>&1 | sed "s|$TMP|TMP|"
