#!/bin/sh
# Property: a file read in parts (one grouped by account, cut at account
# changes; RMKIT_SPLIT_BYTES=1 takes that path on small files) gives the
# same stdout, stderr and exit status as one thread reading it, in every
# format, with targets, bad rows (their messages and line numbers), an
# unknown type, CRLF line ends and gzip; and so does a file that is not
# grouped.
set -eu
. ./compare.inc
head -1 events.tsv >"$TMP/sorted.tsv"
tail -n +2 events.tsv | sort -t "$(printf '\t')" -k1,1 -s >>"$TMP/sorted.tsv"
# a bad row and an unknown type in the middle of a1's events
awk 'NR == 4 { print "a1\t2024-13-10\tnps\t9\t\t"; print "a1\t2024-02-02\tmeeting\t\t\t" } { print }' \
	"$TMP/sorted.tsv" >"$TMP/bad.tsv"
sed 's/$/\r/' "$TMP/sorted.tsv" >"$TMP/crlf.tsv"
gzip -c "$TMP/sorted.tsv" >"$TMP/sorted.tsv.gz"
cp events.tsv "$TMP/unsorted.tsv"
run() { # run THREADS SPLIT NAME ARGS...: stdout, stderr and status in $TMP/NAME.*
	threads=$1 split=$2 name=$3
	shift 3
	capture "$name" env RMKIT_THREADS="$threads" \
		RMKIT_SPLIT_BYTES="$split" rm-report "$@"
}
n=0
for file in sorted bad crlf sorted.tsv.gz unsorted; do
	case $file in *.gz) path=$TMP/$file ;; *) path=$TMP/$file.tsv ;; esac
	for args in "-a accounts.tsv --as-of 2024-06-30 -n 3 -b owner" \
		"-a accounts.tsv -n 2 -b owner -k mrr,logo_churn_rate,nps -t targets.txt -f markdown" \
		"-n 4 -f json" "-a accounts.tsv -b segment -f text --colour never"; do
		# shellcheck disable=SC2086
		run 1 1 one $args "$path"
		for threads in 2 3 7; do
			# shellcheck disable=SC2086
			run $threads 1 many $args "$path"
			same one many "$file, $threads threads, $args"
			n=$((n + 1))
		done
	done
done
# the checks compared something: the bad rows were reported, targets missed
run 2 1 bad -n 2 "$TMP/bad.tsv"
grep -q "bad.tsv:4: column 'date': invalid date '2024-13-10'" "$TMP/bad.err"
grep -q "bad.tsv:5: ignored 1 event of unknown type 'meeting'" "$TMP/bad.err"
[ "$(cat "$TMP/bad.status")" = 1 ]
echo "ok: $n comparisons"
