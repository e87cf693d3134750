#!/bin/sh
# The unit of time changes the parameters (alpha scales with it) but not
# the answers: P(alive), expected spend and CLV over months are the same
# in days, weeks and months (to the rounding of the output).
set -e
for u in day week month; do
	rm-churn --model bgnbd --unit $u --as-of 1997-09-30 cdnow.tsv.gz |
		cut -f1,6,8,9 >"$TMP/$u.tsv"
done
for u in day month; do
	paste "$TMP/week.tsv" "$TMP/$u.tsv" | awk -F'\t' -v u=$u '
		function d(a, b) { return a > b ? a - b : b - a }
		NR > 1 && ($1 != $5 || d($2, $6) > 0.00011 || d($3, $7) > 0.011 ||
			   d($4, $8) > 0.011) { print u ": " $0; bad = 1 }
		END { exit bad }'
done
