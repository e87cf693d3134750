#!/bin/sh
# Every command test of tests/cli/import again, with the CSV parsed on a
# second thread from the first record (RMKIT_THREADS=2; the tests' inputs
# are far below the size at which the thread starts by itself): stdout,
# stderr and exit status must be what the test expects of one thread.
fails=0
n=0
here=$(pwd)
for cmd in ../import/*.cmd; do
	base=${cmd%.cmd}
	rm -rf "$TMP/t" && mkdir -p "$TMP/t" || exit 1
	(cd ../import && TMP=$TMP/t RMKIT_THREADS=2 sh "$here/$cmd" \
		</dev/null >"$TMP/out" 2>"$TMP/err"
	echo $? >"$TMP/st")
	want_status=0
	[ -f "$base.status" ] && want_status=$(cat "$base.status")
	[ "$(cat "$TMP/st")" = "$want_status" ] ||
		{ echo "FAIL: $cmd: exit $(cat "$TMP/st"), want $want_status"; fails=1; }
	cmp -s "$TMP/out" "$base.out" ||
		{ echo "FAIL: $cmd: stdout differs"; fails=1; }
	if [ -f "$base.err" ]; then
		cmp -s "$TMP/err" "$base.err" ||
			{ echo "FAIL: $cmd: stderr differs"; fails=1; }
	elif [ -s "$TMP/err" ]; then
		echo "FAIL: $cmd: stderr not empty"
		fails=1
	fi
	n=$((n + 1))
done
[ $n -gt 50 ] || { echo "FAIL: only $n tests found"; fails=1; }
exit $fails
