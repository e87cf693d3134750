# Every command in the EXAMPLES section of man/rm-health.1 runs here,
# exits 0 and writes something.
. ./helpers.inc
man=../../../man/rm-health.1
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$man" | sed -n 's/^\.Dl //p' |
	sed 's/\\e/\\/g; s/\\(dq/"/g' >"$TMP/examples"
n=$(wc -l <"$TMP/examples")
[ "$n" -ge 5 ] || fail "only $n examples found"
while IFS= read -r cmd; do
	sh -c "$cmd" </dev/null >"$TMP/out" 2>"$TMP/err" || fail "exit status $?: $cmd"
	[ -s "$TMP/out" ] || fail "no output: $cmd"
	[ -s "$TMP/err" ] && fail "stderr: $cmd: $(cat "$TMP/err")"
done <"$TMP/examples"
echo "ok: $n examples ran"
