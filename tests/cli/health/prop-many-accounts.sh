# Property: rows are the same whether the output is written on one thread
# (up to 4096 rows) or formatted in blocks on two (more rows): the
# accounts of a 9000-account file, run in three parts of 3000 accounts
# each (per-account results do not depend on other accounts), give the
# rows of the run on the whole file, with and without an account table.
. ./helpers.inc
gen 23 9000 30000 >"$TMP/ev.tsv"
asof=2024-12-31
{ printf 'account\tname\n'; tail -n +2 "$TMP/ev.tsv" | cut -f1 | LC_ALL=C sort -u | awk '{ print $0 "\tname of " $0 }'; } >"$TMP/acc.tsv"
[ "$(wc -l <"$TMP/acc.tsv")" -gt 8000 ] || fail "too few accounts"
rm-health --as-of $asof "$TMP/ev.tsv" >"$TMP/full.out" || fail "run"
rm-health --as-of $asof -a "$TMP/acc.tsv" "$TMP/ev.tsv" >"$TMP/fullacc.out" || fail "run -a"
: >"$TMP/parts.out"
: >"$TMP/partsacc.out"
for k in 0 1 2; do
	for f in ev acc; do
		awk -F'\t' -v k=$k 'NR == 1 || substr($1, 5) % 3 == k' "$TMP/$f.tsv" >"$TMP/$f.$k.tsv"
	done
	rm-health --as-of $asof "$TMP/ev.$k.tsv" | tail -n +2 >>"$TMP/parts.out" || fail "run part $k"
	rm-health --as-of $asof -a "$TMP/acc.$k.tsv" "$TMP/ev.$k.tsv" | tail -n +2 >>"$TMP/partsacc.out" || fail "run -a part $k"
done
tail -n +2 "$TMP/full.out" >"$TMP/a"
LC_ALL=C sort "$TMP/parts.out" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" || { diff "$TMP/a" "$TMP/b" | head; fail "rows differ (no table)"; }
# with the table: its order (sorted keys here)
tail -n +2 "$TMP/fullacc.out" >"$TMP/a"
LC_ALL=C sort "$TMP/partsacc.out" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" || { diff "$TMP/a" "$TMP/b" | head; fail "rows differ (table)"; }
echo "ok: $(wc -l <"$TMP/a") rows equal"
