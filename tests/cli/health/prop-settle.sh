# Property: with the default as-of date, events three windows older than
# the latest date seen so far are applied while the input is still read
# (the rest is replayed at the end); on date-ordered input that is most
# of them.  The output must equal that of --as-of the latest date (every
# event applied directly), for both profiles and several windows, and on
# a file grouped by account (where nothing settles early).
. ./helpers.inc
gen 17 400 60000 >"$TMP/gen.tsv"
{ head -1 "$TMP/gen.tsv"; tail -n +2 "$TMP/gen.tsv" | sort -t "$(printf '\t')" -k2,2 -s; } >"$TMP/bydate.tsv"
{ head -1 "$TMP/gen.tsv"; tail -n +2 "$TMP/gen.tsv" | sort -t "$(printf '\t')" -k1,1 -s; } >"$TMP/byacct.tsv"
last=$(tail -1 "$TMP/bydate.tsv" | cut -f2)
n=0
for f in bydate byacct; do
	for opts in "" "--window 7" "--window 30 --profile supplier" "--window 120"; do
		rm-health $opts "$TMP/$f.tsv" >"$TMP/a.out" || fail "run $opts"
		rm-health $opts --as-of "$last" "$TMP/$f.tsv" >"$TMP/b.out" || fail "run $opts --as-of"
		[ "$(wc -l <"$TMP/a.out")" -gt 300 ] || fail "too few accounts"
		cmp -s "$TMP/a.out" "$TMP/b.out" || { diff "$TMP/a.out" "$TMP/b.out" | head; fail "$f, options '$opts': default as-of differs from --as-of $last"; }
		n=$((n + 1))
	done
done
echo "ok: $n runs equal to --as-of $last"
