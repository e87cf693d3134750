#!/bin/sh
# The command-line conventions of DESIGN.md, checked for every program:
# --help and --version, usage errors, unreadable input, unwritable output,
# gzip input on a pipe, SIGPIPE, and the atomic -o.
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

printf 'account\tdate\ttype\tvalue\n' >"$TMP/empty.tsv"
for prog in rm-import rm-health rm-churn rm-segment rm-report; do
	command -v $prog >/dev/null || { bad "$prog not built"; continue; }

	out=$($prog --help 2>"$TMP/err"); st=$?
	[ $st -eq 0 ] || bad "$prog --help: exit $st"
	echo "$out" | grep -qi "usage" || bad "$prog --help: no usage text on stdout"
	[ -s "$TMP/err" ] && bad "$prog --help: wrote to stderr"
	$prog -h >/dev/null 2>&1 || bad "$prog -h: exit $?"

	v=$($prog --version); [ "$v" = "$prog (rmkit) 0.1.0" ] || bad "$prog --version: '$v'"
	v=$($prog -V); [ "$v" = "$prog (rmkit) 0.1.0" ] || bad "$prog -V: '$v'"

	$prog --no-such-option >/dev/null 2>"$TMP/err"; st=$?
	[ $st -eq 2 ] || bad "$prog --no-such-option: exit $st, want 2"
	grep -q "^$prog: " "$TMP/err" || bad "$prog: usage error not prefixed with the program name"

	case $prog in
	rm-import) opts="--type order" ;;
	rm-segment) opts="--tiers arr" ;;
	*) opts= ;;
	esac
	# shellcheck disable=SC2086
	$prog $opts "$TMP/does-not-exist.tsv" >/dev/null 2>"$TMP/err"; st=$?
	[ $st -eq 4 ] || bad "$prog missing file: exit $st, want 4"
	grep -q "does-not-exist.tsv" "$TMP/err" || bad "$prog missing file: message does not name the file"
done

# rm-import writes to -o atomically: a failing run leaves the old file.
printf 'a,b\n1,2\n' >"$TMP/in.csv"
echo old >"$TMP/out.tsv"
rm-import --type order --map account=a --map date=b "$TMP/in.csv" -o "$TMP/out.tsv" 2>/dev/null
[ $? -eq 1 ] || bad "rm-import: an invalid date did not exit 1"
[ "$(cat "$TMP/out.tsv")" = old ] || bad "rm-import: a failed run replaced the -o file"
ls "$TMP" | grep -q 'out.tsv.tmp' && bad "rm-import: temporary file left behind"

# An unwritable output is a system error (4).
if [ -w /dev/full ]; then
	printf 'account,date\nA,2024-01-01\n' >"$TMP/ok.csv"
	rm-import --type order "$TMP/ok.csv" >/dev/full 2>"$TMP/err"; st=$?
	[ $st -eq 4 ] || bad "rm-import >/dev/full: exit $st, want 4"
fi
rm-import --type order "$TMP/ok.csv" -o /nonexistent-dir/x.tsv 2>/dev/null; st=$?
[ $st -eq 4 ] || bad "rm-import -o into a missing directory: exit $st, want 4"

# gzip on a pipe, and SIGPIPE ends quietly.
awk 'BEGIN { print "account,date"; for (i = 0; i < 200000; i++) printf "A%d,2024-01-01\n", i }' >"$TMP/many.csv"
gzip -c "$TMP/many.csv" | rm-import --csv --type order - 2>"$TMP/err" | head -2 >"$TMP/head"
[ "$(wc -l <"$TMP/head")" -eq 2 ] || bad "rm-import gzip on a pipe: no output"
[ -s "$TMP/err" ] && bad "rm-import | head: wrote to stderr: $(head -2 "$TMP/err")"

[ $fails -eq 0 ]
