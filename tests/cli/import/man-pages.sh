# man/rm-import.1 and man/rmkit.7 format without groff warnings.
command -v groff >/dev/null 2>&1 || { echo "skipped: no groff"; exit 0; }
for m in rm-import.1 rmkit.7; do
	out=$(groff -mandoc -Tutf8 -ww -z "$RMKIT_ROOT/man/$m" 2>&1)
	[ -z "$out" ] || { echo "FAIL $m:"; echo "$out"; exit 1; }
done
