#!/bin/sh
# Every command in the EXAMPLES section of man/rm-segment.1 runs here with
# status 0, some output and nothing on stderr.
page=$RMKIT_ROOT/man/rm-segment.1
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$page" |
	awk '/^\.Bd -literal/ { on = 1; next } /^\.Ed/ { on = 0 } on' |
	sed 's/\\e/\\/g' >$TMP/examples
n=$(wc -l <$TMP/examples)
[ "$n" -ge 7 ] || { echo "only $n examples found"; exit 1; }
status=0
while IFS= read -r cmd; do
	if ! sh -c "$cmd" >$TMP/out 2>$TMP/err </dev/null || [ ! -s $TMP/out ] || [ -s $TMP/err ]; then
		echo "failed: $cmd"
		cat $TMP/err
		status=1
	fi
done <$TMP/examples
exit $status
