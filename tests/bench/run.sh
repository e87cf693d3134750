#!/bin/sh
# Run every benchmark script in tests/bench (not part of make check).
# Each prints its own figures; they are compared as ratios within one run.
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
for b in "$root"/tests/bench/*.sh; do
	[ "$(basename "$b")" = run.sh ] && continue
	echo "== $(basename "$b")"
	sh "$b" || status=1
done
exit $status
