# Property: moving one payment later never raises the account's health
# or payments score (30 random payments of random data, shifted 1-60 days,
# some past the as-of date).
. ./helpers.inc
gen 7 30 3000 >"$TMP/ev.tsv"
rm-health --as-of 2024-12-15 "$TMP/ev.tsv" >"$TMP/base.out" || fail "base run"
grep -n '	2024-1[01]-[0-9]*	payment	' "$TMP/ev.tsv" | head -30 >"$TMP/payments"
[ "$(wc -l <"$TMP/payments")" -eq 30 ] || fail "too few payments"
checked=0
while IFS= read -r line; do
	n=${line%%:*}
	acct=$(echo "$line" | cut -f1 | cut -d: -f2)
	date=$(echo "$line" | cut -f2)
	k=$(( (n * 7) % 60 + 1 ))
	later=$(shift_date "$date" "$k")
	awk -F'\t' -v OFS='\t' -v n="$n" -v d="$later" 'NR == n { $2 = d } 1' \
		"$TMP/ev.tsv" >"$TMP/moved.tsv"
	rm-health --as-of 2024-12-15 "$TMP/moved.tsv" >"$TMP/moved.out" || fail "run"
	for col in health payments; do
		old=$(field "$TMP/base.out" "$acct" "$col")
		new=$(field "$TMP/moved.out" "$acct" "$col")
		awk -v o="$old" -v n="$new" 'BEGIN { exit !(o == "" ? n == "" : n != "" && n + 0 <= o + 0) }' ||
			fail "line $n ($acct) payment $date -> $later: $col $old -> $new"
	done
	checked=$((checked + 1))
done <"$TMP/payments"
[ $checked -eq 30 ] || fail "checked $checked"
# The test can fail: an earlier payment does raise the score somewhere.
awk -F'\t' -v OFS='\t' 'NR == 1 || $3 != "payment" { print; next } { $2 = "2024-01-01"; print }' \
	"$TMP/ev.tsv" >"$TMP/early.tsv"
rm-health --as-of 2024-12-15 "$TMP/early.tsv" >"$TMP/early.out"
cmp -s "$TMP/base.out" "$TMP/early.out" && fail "paying early changed nothing"
echo "ok: $checked payments moved later, no score rose"
