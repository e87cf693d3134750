#!/bin/sh
# A 100 MB field (RMKIT_BIG_FIELD_MB; 4 MB under valgrind or ASan) in the
# value column of line 2, a good row after it: every reader exits 1 with a
# short message naming file, line and column (the value cut to 40 bytes),
# and rm-import rejects the one record (not one per --max-record bytes) and
# keeps the next row.  Peak memory (GNU time, when there is one, and not
# under valgrind or AddressSanitizer): rm-import
# stays near its --max-record buffer, the TSV readers hold the one line
# (under 2.5 times the field plus 64 MB).
. ./faults.inc
inc=$(pwd)/faults.inc
cd "$TMP" || exit 1
mb=${RMKIT_BIG_FIELD_MB:-100}
checked=1 # a normal build: small field under valgrind and ASan, no RSS check
if [ "${RMKIT_VALGRIND:-}" = 1 ] || grep -q __asan_init "$(command -v rm-import)"; then
	mb=4 checked=0
fi
fails=0

for x in tsv csv; do
	s=$(printf '\t')
	[ $x = csv ] && s=,
	{
		printf 'account%sdate%stype%svalue\n' "$s" "$s" "$s"
		printf 'A1%s2024-01-15%smrr%s' "$s" "$s" "$s"
		head -c $((mb * 1000000)) /dev/zero | tr '\0' 7
		printf '\nA2%s2024-02-01%smrr%s200\n' "$s" "$s" "$s"
	} >big.$x
done

timer=
if /usr/bin/time -f %M true >/dev/null 2>&1 && [ $checked = 1 ]; then
	timer="/usr/bin/time -o rss -f %M"
fi
sevens=7777777777777777777777777777777777777777
for r in $readers; do
	p=$(prog_of "$r")
	x=tsv
	[ "$r" = import-csv ] && x=csv
	case $r in
	import-*)
		limit=65536
		printf '%s\n' \
			"$p: big.$x:2: record longer than 1048576 bytes (an unterminated quote?)" \
			"$p: 1 of 2 rows rejected" \
			"$p: more than 0 rejected rows (--max-rejects)" ;;
	*)
		limit=$((mb * 2500 + 65536))
		echo "$p: big.tsv:2: column 'value': invalid number '$sevens'"
		case $r in
		health) echo "$p: 1 bad input row; no output written" ;;
		churn) echo "$p: 1 bad input row" ;;
		report) echo "$p: 1 bad event row" ;;
		esac ;;
	esac >want
	# shellcheck disable=SC2086
	$timer sh -c '. "$0"; run_reader "$@"' "$inc" "$r" big >out 2>err
	st=$?
	[ $st -eq 1 ] || { echo "FAIL: $r: exit $st, want 1"; fails=1; }
	if ! cmp -s want err; then
		echo "FAIL: $r: stderr:"
		head -c 600 err
		fails=1
	fi
	case $r in
	import-*) printf 'account\tdate\ttype\tvalue\tref\tkind\nA2\t2024-02-01\tmrr\t200\t\t\n' ;;
	*) : ;;
	esac | cmp -s - out || { echo "FAIL: $r: stdout:"; head -c 300 out; fails=1; }
	if [ -n "$timer" ]; then
		rss=$(tail -n 1 rss)
		[ "$rss" -lt $limit ] ||
			{ echo "FAIL: $r: peak RSS $rss KB, want under $limit KB"; fails=1; }
	fi
done
rm -f big.tsv big.csv
exit $fails
