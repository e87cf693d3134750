# Property: a weight of 0 removes a component.  For each client component,
# --weights C=0 on all events gives the same health, band, trend, driver
# and other component scores as the default weights on the events without
# the ones that feed C (coverage and C's own column are expected to
# differ, so they are left out of the comparison).
. ./helpers.inc
gen 3 40 3000 >"$TMP/ev.tsv"
for spec in usage:usage support:ticket,ticket_closed payments:invoice,payment \
	sentiment:nps,csat engagement:touch; do
	comp=${spec%%:*}
	types=${spec#*:}
	rm-health --as-of 2024-12-15 --weights "$comp=0" "$TMP/ev.tsv" >"$TMP/zero.out" ||
		fail "run with $comp=0"
	awk -F'\t' -v t="$types" 'BEGIN { n = split(t, a, ","); for (i = 1; i <= n; i++) drop[a[i]] = 1 }
		!($3 in drop)' "$TMP/ev.tsv" >"$TMP/without.tsv"
	rm-health --as-of 2024-12-15 "$TMP/without.tsv" >"$TMP/without.out" || fail "run without $comp"
	# keep every column but coverage and the component's own
	keep() {
		awk -F'\t' -v c="$comp" -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) k[i] = $i != "coverage" && $i != c }
			{ s = ""; for (i = 1; i <= NF; i++) if (k[i]) s = s $i "\t"; print s }' "$1"
	}
	keep "$TMP/zero.out" >"$TMP/a"
	keep "$TMP/without.out" >"$TMP/b"
	cmp -s "$TMP/a" "$TMP/b" || { diff "$TMP/a" "$TMP/b" | head -5; fail "$comp=0 differs from no $comp data"; }
	# and the weight did matter: the default weights give other scores
	rm-health --as-of 2024-12-15 "$TMP/ev.tsv" | cut -f2 >"$TMP/default.health"
	cut -f2 "$TMP/zero.out" | cmp -s - "$TMP/default.health" && fail "$comp=0 changed nothing"
done
echo "ok: weight 0 equals removing the data, for 5 components"
