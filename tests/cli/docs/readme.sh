#!/bin/sh
# The README's examples run: every ```sh block is run (in order, in one
# scratch directory that sees the source tree's bin/, examples/ and tests/)
# and must succeed; where an unlabelled ``` block follows it directly, that
# block must equal the sh block's standard output (stderr is not compared).
root=${RMKIT_ROOT:?}
work=$TMP/readme
mkdir -p "$work"
for d in bin examples tests; do ln -s "$root/$d" "$work/$d"; done
[ -n "${BINDIR:-}" ] && ln -sfn "$BINDIR" "$work/bin"
awk -v dir="$TMP" '
	/^```sh$/ { n++; f = dir "/block" n ".sh"; inblock = 1; printf "" > f; next }
	/^```$/ && inblock { inblock = 0; close(f); after = NR; next }
	/^```$/ && !inblock && !inout && NR == after + 2 { inout = 1; o = dir "/block" n ".want"; printf "" > o; next }
	/^```$/ && inout { inout = 0; close(o); next }
	inblock { print > f }
	inout { print > o }
' "$root/README.md"
fails=0
i=1
while [ -f "$TMP/block$i.sh" ]; do
	if ! (cd "$work" && sh -e "$TMP/block$i.sh") >"$TMP/block$i.out" 2>"$TMP/block$i.err"; then
		echo "README sh block $i failed:"; cat "$TMP/block$i.sh"; cat "$TMP/block$i.err"
		fails=$((fails + 1))
	elif [ -f "$TMP/block$i.want" ] && ! diff -u "$TMP/block$i.want" "$TMP/block$i.out"; then
		echo "README sh block $i: output differs from the README"
		fails=$((fails + 1))
	fi
	i=$((i + 1))
done
[ $i -gt 5 ] || { echo "only $((i - 1)) sh blocks found"; exit 1; }
[ $fails -eq 0 ]
