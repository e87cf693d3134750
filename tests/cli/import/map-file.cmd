printf "# usage\naccount\taccount_id\ndate\tweek_start\nvalue\tcount\n--type\tusage\n--kind-map\tlogins=login\nkind\tmetric\n" > $TMP/u.map; rm-import -M $TMP/u.map usage-a.csv
