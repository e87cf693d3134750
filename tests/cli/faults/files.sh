#!/bin/sh
# Input files that cannot be read, for every reader: a missing file among
# several, a directory given as a file, and (not as root, where chmod 000
# does not stop reading) a file without read permission.  Each is a system
# error: exit 4, the file named with the system's reason.  A missing file
# among several is skipped: the others are read, the output is that of
# the others, and the status is 4.  A directory stops the run with no
# output.
. ./faults.inc
cd "$TMP" || exit 1
base_rows >base.tsv
to_csv <base.tsv >base.csv
cp base.tsv two.tsv
cp base.csv two.csv
mkdir dir.tsv dir.csv
cp base.tsv noperm.tsv
cp base.csv noperm.csv
chmod 000 noperm.tsv noperm.csv
fails=0

# expect NAME STATUS STDERR COMMAND...
expect() {
	name=$1 want_st=$2 want_err=$3
	shift 3
	"$@" >out 2>err
	st=$?
	[ $st -eq "$want_st" ] || { echo "FAIL: $name: exit $st, want $want_st"; fails=1; }
	printf '%s\n' "$want_err" | cmp -s - err ||
		{ echo "FAIL: $name: stderr:"; cat err; fails=1; }
	[ -s out ] && { echo "FAIL: $name: wrote output"; fails=1; }
}

for r in $readers; do
	p=$(prog_of "$r")
	x=tsv
	[ "$r" = import-csv ] && x=csv
	run_reader "$r" base two.$x >want 2>/dev/null
	run_reader "$r" base missing.$x two.$x >out 2>err
	st=$?
	[ $st -eq 4 ] || { echo "FAIL: $r missing: exit $st, want 4"; fails=1; }
	echo "$p: cannot open 'missing.$x': No such file or directory" \
	    "(skipped, the other files are read)" | cmp -s - err ||
		{ echo "FAIL: $r missing: stderr:"; cat err; fails=1; }
	[ -s want ] && cmp -s want out ||
		{ echo "FAIL: $r missing: output is not that of the others"; fails=1; }
	expect "$r directory" 4 "$p: cannot read 'dir.$x': Is a directory" \
		run_reader "$r" dir
	if [ "$(id -u)" = 0 ]; then
		echo "$r: chmod 000 not tested (running as root)"
	else
		expect "$r no permission" 4 \
			"$p: cannot open 'noperm.$x': Permission denied" \
			run_reader "$r" noperm
	fi
done
# An account table that cannot be opened.
expect "health -a missing" 4 \
	"rm-health: cannot open 'missing.tsv': No such file or directory" \
	rm-health -a missing.tsv base.tsv
expect "report -a missing" 4 \
	"rm-report: cannot open 'missing.tsv': No such file or directory" \
	rm-report -a missing.tsv base.tsv
chmod 644 noperm.tsv noperm.csv
exit $fails
