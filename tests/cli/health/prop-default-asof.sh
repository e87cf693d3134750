# The default as-of date (events spooled, then replayed) gives the same
# output as giving the latest event date; events after a given as-of date
# change nothing.
. ./helpers.inc
gen 13 30 3000 >"$TMP/ev.tsv"
last=$(tail -n +2 "$TMP/ev.tsv" | cut -f2 | sort | tail -1)
rm-health "$TMP/ev.tsv" >"$TMP/a.out" || fail "run"
rm-health --as-of "$last" "$TMP/ev.tsv" >"$TMP/b.out" || fail "run"
cmp -s "$TMP/a.out" "$TMP/b.out" || fail "default as-of differs from --as-of $last"
awk -F'\t' 'NR == 1 || $2 <= "2024-08-31"' "$TMP/ev.tsv" >"$TMP/upto.tsv"
rm-health --as-of 2024-08-31 "$TMP/ev.tsv" >"$TMP/c.out" || fail "run"
rm-health --as-of 2024-08-31 "$TMP/upto.tsv" >"$TMP/d.out" || fail "run"
awk -F'\t' 'NR == FNR { seen[$1] = $0; next } $1 in seen && seen[$1] != $0 { bad = 1; print "differs: " $1 }
	END { exit bad }' "$TMP/d.out" "$TMP/c.out" || fail "later events changed a score"
echo "ok"
