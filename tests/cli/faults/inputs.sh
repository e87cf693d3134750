#!/bin/sh
# Damaged and unusual inputs, for every reader (faults.inc): truncated gzip,
# gzip of binary garbage, a corrupt gzip stream, an empty file, a header
# only, a NUL byte, invalid UTF-8, 10,000 columns, no final newline,
# CR-only line ends.  For each case and reader the exit status, the number
# of output lines and the whole of stderr are compared with inputs.expected
# (the fault table of tests/README.md).  Never a crash, never silence on
# bad data: a status of 0 must come with the rows in the output.
. ./faults.inc
cd "$TMP" || exit 1

# The input files, NAME.tsv and NAME.csv for each case.
make_inputs() {
	base_rows >base.tsv
	for f in base; do to_csv <$f.tsv >$f.csv; done

	for x in tsv csv; do
		gzip -n -c base.$x >full.gz
		size=$(wc -c <full.gz)
		head -c $((size - 12)) full.gz >truncated-gzip.$x
		printf '\037\213\010\000\000\000\000\000\000\003this is not deflate data\n' \
			>corrupt-gzip.$x
		: >empty.$x
		head -n 1 base.$x >header-only.$x
		awk 'NR == 3 { printf "%s", "A2\000x" ; sub(/^A2/, "") } { print }' \
			base.$x >nul-byte.$x
		awk 'NR == 3 { sub(/^A2/, "A\377\3002") } { print }' base.$x \
			>bad-utf8.$x
		head -c $(($(wc -c <base.$x) - 1)) base.$x >no-final-newline.$x
		tr '\n' '\r' <base.$x >cr-only.$x
	done
	rm -f full.gz
	# bytes 0..255, 16 times, compressed
	i=0
	while [ $i -lt 256 ]; do
		printf "\\$(printf %03o $i)"
		i=$((i + 1))
	done >block
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do cat block; done |
		gzip -n -c >gzip-garbage.tsv
	cp gzip-garbage.tsv gzip-garbage.csv
	rm -f block
	# 10,000 columns: the four of an event stream and 9,996 more
	awk 'BEGIN {
		printf "account\tdate\ttype\tvalue"
		for (i = 5; i <= 10000; i++) printf "\tc%d", i
		printf "\n"
		for (r = 1; r <= 3; r++) {
			printf "A%d\t2024-0%d-01\tmrr\t%d", r, r, 100 * r
			for (i = 5; i <= 10000; i++) printf "\t%d", i
			printf "\n"
		}
	}' >wide.tsv
	to_csv <wide.tsv >wide.csv
}
make_inputs

# What a reader wrote on stdout: "as base" when it is what it writes for
# the intact input, else the number of lines and the fields of the last.
describe_out() {
	if cmp -s out "base-$1.out"; then
		echo "as base"
	elif ! [ -s out ]; then
		echo "no output"
	else
		echo "$(wc -l <out | tr -d ' ') lines, $(tail -n 1 out |
			awk -F '\t' '{ print NF }') fields"
	fi
}

for r in $readers; do
	run_reader "$r" base >"base-$r.out" 2>err || { echo "FAIL: $r base"; cat err; exit 1; }
done

cases="truncated-gzip corrupt-gzip gzip-garbage empty header-only nul-byte
bad-utf8 wide no-final-newline cr-only"
for c in $cases; do
	for r in $readers; do
		run_reader "$r" "$c" >out 2>err
		st=$?
		printf '%s\t%s\t%s\t%s\t' "$c" "$r" "$st" "$(describe_out "$r")"
		cut -c 1-160 err | tr '\n' '|' | sed 's/|$//'
		echo
	done
done >got

if ! diff -u "$OLDPWD/inputs.expected" got; then
	echo "FAIL: the fault table changed (inputs.expected)"
	exit 1
fi
