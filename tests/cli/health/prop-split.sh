# Property: an account whose events are split over two input files gets
# one row, the same as from one file; with an account table as well.
. ./helpers.inc
gen 9 20 2000 >"$TMP/ev.tsv"
awk 'NR == 1 { print > "'"$TMP"'/one.tsv"; print > "'"$TMP"'/two.tsv"; next }
	NR % 2 { print > "'"$TMP"'/one.tsv"; next } { print > "'"$TMP"'/two.tsv" }' "$TMP/ev.tsv"
# the second file with its columns in another order (matched by name)
awk -F'\t' -v OFS='\t' '{ print $3, $1, $4, $2, $5, $6 }' "$TMP/two.tsv" >"$TMP/two-reordered.tsv"
printf 'account\towner\nacct003\tana\nzz-no-events\tbob\nacct001\tana\n' >"$TMP/accounts.tsv"
for opts in "" "--accounts $TMP/accounts.tsv"; do
	rm-health $opts "$TMP/ev.tsv" >"$TMP/a.out" || fail "run"
	rm-health $opts "$TMP/one.tsv" "$TMP/two-reordered.tsv" >"$TMP/b.out" || fail "run split"
	cmp -s "$TMP/a.out" "$TMP/b.out" || { diff "$TMP/a.out" "$TMP/b.out" | head; fail "split differs ($opts)"; }
	n=$(cut -f1 "$TMP/b.out" | sort | uniq -d | wc -l)
	[ "$n" -eq 0 ] || fail "duplicate rows"
done
rows=$(($(wc -l <"$TMP/b.out") - 1))
[ $rows -eq 21 ] || fail "$rows rows, want 20 accounts + 1 from the table only"
echo "ok: split input gives the same single rows"
