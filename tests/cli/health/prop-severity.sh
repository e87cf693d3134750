# Property: making one ticket more severe (a lower severity number) never
# raises the account's health or support score.
. ./helpers.inc
gen 11 30 3000 >"$TMP/ev.tsv"
rm-health --as-of 2024-12-15 "$TMP/ev.tsv" >"$TMP/base.out" || fail "base run"
grep -n '	ticket	[234]	' "$TMP/ev.tsv" | head -30 >"$TMP/tickets"
[ "$(wc -l <"$TMP/tickets")" -eq 30 ] || fail "too few tickets"
changed=0
while IFS= read -r line; do
	n=${line%%:*}
	acct=$(echo "$line" | cut -f1 | cut -d: -f2)
	sev=$(echo "$line" | cut -f4)
	worse=$(( (n % (sev - 1)) + 1 ))
	awk -F'\t' -v OFS='\t' -v n="$n" -v s="$worse" 'NR == n { $4 = s } 1' \
		"$TMP/ev.tsv" >"$TMP/worse.tsv"
	rm-health --as-of 2024-12-15 "$TMP/worse.tsv" >"$TMP/worse.out" || fail "run"
	for col in health support; do
		old=$(field "$TMP/base.out" "$acct" "$col")
		new=$(field "$TMP/worse.out" "$acct" "$col")
		awk -v o="$old" -v n="$new" 'BEGIN { exit !(o == "" ? n == "" : n != "" && n + 0 <= o + 0) }' ||
			fail "line $n ($acct) severity $sev -> $worse: $col $old -> $new"
	done
	cmp -s "$TMP/base.out" "$TMP/worse.out" || changed=$((changed + 1))
done <"$TMP/tickets"
# Tickets in the window must have lowered some scores (the test can fail).
[ $changed -gt 0 ] || fail "no severity change had any effect"
echo "ok: 30 tickets made more severe, no score rose ($changed changed output)"
