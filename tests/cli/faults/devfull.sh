#!/bin/sh
# A full disk: every program writing to /dev/full, on stdout and with -o,
# reports "cannot write" naming the output and exits 4 (never 0).  -o on a
# device writes to it in place: /dev/null stays a device (a rename over it
# would replace it with a regular file when run as root).
. ./faults.inc
cd "$TMP" || exit 1
base_rows >base.tsv
to_csv <base.tsv >base.csv
fails=0

[ -w /dev/full ] || { echo "skipped: no writable /dev/full"; exit 0; }
for r in $readers; do
	p=$(prog_of "$r")
	run_reader "$r" base >/dev/full 2>err
	st=$?
	printf '%s: cannot write '\''stdout'\'': No space left on device\n' "$p" >want
	[ $st -eq 4 ] || { echo "FAIL: $r >/dev/full: exit $st, want 4"; fails=1; }
	cmp -s want err || { echo "FAIL: $r >/dev/full:"; diff want err; fails=1; }

	run_reader "$r" base -o /dev/full >out 2>err
	st=$?
	printf '%s: cannot write '\''/dev/full'\'': No space left on device\n' "$p" >want
	[ $st -eq 4 ] || { echo "FAIL: $r -o /dev/full: exit $st, want 4"; fails=1; }
	cmp -s want err || { echo "FAIL: $r -o /dev/full:"; diff want err; fails=1; }
	[ -s out ] && { echo "FAIL: $r -o /dev/full wrote to stdout"; fails=1; }
	[ -c /dev/full ] || { echo "FAIL: $r -o /dev/full replaced the device"; fails=1; }

	run_reader "$r" base -o /dev/null >out 2>err
	st=$?
	[ $st -eq 0 ] && ! [ -s err ] && ! [ -s out ] ||
		{ echo "FAIL: $r -o /dev/null: exit $st"; cat err; fails=1; }
	[ -c /dev/null ] || { echo "FAIL: $r -o /dev/null replaced the device"; fails=1; }
done

# Other output modes of rm-report and rm-churn.
for f in text markdown html json; do
	rm-report -q --format $f base.tsv >/dev/full 2>err
	st=$?
	[ $st -eq 4 ] && grep -q "^rm-report: cannot write 'stdout'" err ||
		{ echo "FAIL: rm-report --format $f >/dev/full: exit $st"; cat err; fails=1; }
done
for m in --cohorts --renewals --accounts-out; do
	rm-churn -q $m base.tsv >/dev/full 2>err
	st=$?
	[ $st -eq 4 ] && grep -q "^rm-churn: cannot write 'stdout'" err ||
		{ echo "FAIL: rm-churn $m >/dev/full: exit $st"; cat err; fails=1; }
done
exit $fails
