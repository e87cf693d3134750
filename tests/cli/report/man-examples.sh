#!/bin/sh
# The EXAMPLES of man/rm-report.1 really run: every .Dl line of that
# section is run in order, from a copy of the top of the source tree (the
# examples and their demo data), and must exit 0 (or 3, a missed target,
# where the example says so).  Then the files they promise are checked.
set -eu
root=${RMKIT_ROOT:-../../..}
mkdir -p "$TMP/tree"
ln -s "$root/examples" "$TMP/tree/examples"
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$root/man/rm-report.1" |
	sed -n 's/^\.Dl //p' | sed 's/\\e/\\/g' >"$TMP/examples.sh"
[ "$(wc -l <"$TMP/examples.sh")" -ge 6 ] || { echo "too few examples"; exit 1; }
cd "$TMP/tree"
while IFS= read -r cmd; do
	status=0
	sh -c "$cmd" >"$TMP/out" 2>"$TMP/err" || status=$?
	case $status in
	0) ;;
	3) grep -q 'target missed' "$TMP/err" || { echo "$cmd: 3 without a miss"; exit 1; } ;;
	*) echo "example failed ($status): $cmd"; cat "$TMP/err"; exit 1 ;;
	esac
done <"$TMP/examples.sh"
[ -s demo/report.html ] && [ -s demo/scored.tsv ]
ls demo/reports/*.html >/dev/null
echo ok
