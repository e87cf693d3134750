# Every manual page formats without groff warnings, has the sections a
# page of this toolkit must have, and documents every long option its
# program's --help lists.
command -v groff >/dev/null 2>&1 || { echo "skipped: no groff"; exit 0; }
fail=0
for m in "$RMKIT_ROOT"/man/*.[17]; do
	out=$(groff -mandoc -Tutf8 -ww -z "$m" 2>&1)
	[ -z "$out" ] || { echo "FAIL $m: groff warnings:"; echo "$out"; fail=1; }
	for sec in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		case $m in *.7) [ "$sec" = SYNOPSIS ] && continue ;; esac
		grep -q "^\.Sh $sec\$" "$m" || { echo "FAIL $m: no $sec section"; fail=1; }
	done
done
for p in rm-import rm-health rm-churn rm-segment rm-report; do
	page=$RMKIT_ROOT/man/$p.1
	for opt in $($p --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		name=${opt#--}
		grep -q -- "Fl -$name\b\|-$name\b" "$page" ||
			{ echo "FAIL $page: $opt is not documented"; fail=1; }
	done
done
[ $fail -eq 0 ]
