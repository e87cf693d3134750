#!/bin/sh
# Properties on generated data (awk with a fixed seed): equal values share
# a score or tier, scores never decrease as values grow, a missing value
# never gets a score or tier (so never the top one), the largest value is
# always tier A, and rules agree with an awk version of the same test.
set -e
d=$TMP
awk 'BEGIN { srand(7); print "account\tv\tw\tk";
	for (i = 0; i < 3000; i++) {
		v = (rand() < 0.1) ? "" : int(rand() * 40) * 25;
		w = (rand() < 0.1) ? "" : int(rand() * 100) / 4;
		printf "a%d\t%s\t%s\tk%d\n", i, v, w, int(rand() * 5)
	} }' >$d/in.tsv

# check FILE: column 2 the value, last column the label (empty: missing)
check() {
	awk -F'\t' -v what="$2" 'NR > 1 {
		v = $2; s = $NF
		if (v == "" && s != "") { print what ": missing got " s; bad = 1 }
		if (v == "") next
		if (s == "") { print what ": value " v " got no label"; bad = 1 }
		if ((v in lab) && lab[v] != s) { print what ": tie " v " split"; bad = 1 }
		lab[v] = s
	} END {
		n = 0; for (v in lab) vals[++n] = v + 0
		for (i = 1; i <= n; i++) for (j = 1; j <= n; j++)
			if (vals[i] < vals[j] && lab[vals[i]] '"$3"' lab[vals[j]]) {
				print what ": " vals[i] " -> " lab[vals[i]] ", " vals[j] " -> " lab[vals[j]]; bad = 1; exit 1
			}
		exit bad
	}' "$1"
}

rm-segment --ntile v=7 $d/in.tsv >$d/ntile.tsv
check $d/ntile.tsv ntile '>'
rm-segment --tiers v $d/in.tsv >$d/tiers.tsv
check $d/tiers.tsv tiers '<'
max=$(awk -F'\t' 'NR > 1 && $2 != "" && $2 + 0 > m { m = $2 + 0 } END { print m }' $d/in.tsv)
awk -F'\t' -v m="$max" 'NR > 1 && $2 == m && $NF != "A" { exit 1 }' $d/tiers.tsv
# every bin is used
awk -F'\t' 'NR > 1 && $NF != "" { n[$NF]++; t++ } END {
	for (b = 1; b <= 7; b++) if (!(b in n)) exit 1 }' $d/ntile.tsv

# rules against awk: unknown (missing) never matches, negated or not
rm-segment -r 'x: v > 500 and not w < 10 or k in ("k3")' -d - $d/in.tsv |
	awk -F'\t' 'NR > 1 { print $NF }' >$d/got
awk -F'\t' 'NR > 1 {
	a = ($2 == "") ? -1 : ($2 + 0 > 500)
	b = ($3 == "") ? -1 : !($3 + 0 < 10)
	ab = (a == 0 || b == 0) ? 0 : (a == -1 || b == -1) ? -1 : 1
	c = ($4 == "k3")
	print (ab == 1 || c) ? "x" : "-"
}' $d/in.tsv >$d/want
cmp $d/got $d/want
# every row is kept, in order
rm-segment --ntile w=3 -o $d/o.tsv $d/in.tsv
cut -f1 $d/in.tsv >$d/a
cut -f1 $d/o.tsv >$d/b
cmp $d/a $d/b
echo ok
