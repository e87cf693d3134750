#!/bin/sh
# Run the command-line tests with every rm-* program under valgrind memcheck.
#
#   sh tests/valgrind.sh [PATTERN...]      (make check-valgrind)
#
# BUILD (default build-valgrind) must hold an -O1 -g build: $BUILD/bin/rm-*.
# For each program a wrapper script in $BUILD/vgbin runs it as
#
#   valgrind -q --error-exitcode=99 --leak-check=full
#            --errors-for-leak-kinds=definite,indirect --log-file=...
#
# and tests/run.sh runs with BINDIR=$BUILD/vgbin, so every test that calls
# rm-x runs it under memcheck (gen-crm and the unit tests run natively and
# are not checked).  Valgrind's report goes to a log file per process (not
# to stderr, which the tests compare); the run fails when any test fails or
# any log file is not empty (a memory error or a definite or indirect
# leak).  Still-reachable blocks at exit (die() exits without freeing) are
# not errors.  The tests are split over JOBS (default 2) parallel runs.
#
# Options for valgrind can be added with VALGRIND_OPTS (valgrind reads it).

root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build-valgrind}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
real=$BUILD/bin
wrap=$BUILD/vgbin
logs=$BUILD/vglogs
jobs=${JOBS:-2}

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind is not installed" >&2
	exit 2
fi
ls "$real"/rm-* >/dev/null 2>&1 || {
	echo "valgrind.sh: no programs in $real (make BUILD=$BUILD first)" >&2
	exit 2
}

rm -rf "$wrap" "$logs"
mkdir -p "$wrap" "$logs"
for prog in "$real"/rm-*; do
	name=$(basename "$prog")
	cat >"$wrap/$name" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
	--log-file="$logs/$name.%p.log" "$prog" "\$@"
EOF
	chmod +x "$wrap/$name"
done

# The tests: every command test (.cmd) and the script tests of the faults
# and common groups (the error paths), or with VALGRIND_ALL=1 every script
# test too (the property and rows scripts run programs hundreds of times
# or on the whole demo data: slow under memcheck); with PATTERNs, the
# tests whose path matches.  They are dealt
# round-robin to $jobs runs of tests/run.sh that go in parallel.
cd "$root" || exit 2
if [ $# -eq 0 ]; then
	ls tests/cli/*/*.cmd
	if [ "${VALGRIND_ALL:-}" = 1 ]; then
		ls tests/cli/*/*.sh
	else
		ls tests/cli/faults/*.sh tests/cli/common/*.sh 2>/dev/null
	fi
else
	for pat in "$@"; do
		ls tests/cli/*/*.cmd tests/cli/*/*.sh | grep -F -- "$pat"
	done
fi | sort -u >"$BUILD/vgtests"
[ -s "$BUILD/vgtests" ] || { echo "valgrind.sh: no tests match" >&2; exit 2; }
results=$BUILD/vgresults
rm -rf "$results" && mkdir -p "$results"
awk -v n="$jobs" -v dir="$results" \
	'{ print > (dir "/" (NR - 1) % n ".pat") }' "$BUILD/vgtests"
# Tests that generate big inputs keep them smaller under valgrind.
RMKIT_VALGRIND=1
export RMKIT_VALGRIND
ls "$results"/*.pat | sed 's/\.pat$//' |
	xargs -P "$jobs" -I{} sh -c \
		'BUILD="$1" BINDIR="$2" sh "$3/tests/run.sh" $(cat "$4.pat") >"$4.log" 2>&1' \
		sh "$BUILD" "$wrap" "$root" {}

failed=0
for log in "$results"/*.log; do
	if ! tail -1 "$log" | grep -q ' 0 failed$'; then
		failed=1
		grep -v '^[0-9]* passed, ' "$log"
	fi
done
passed=$(cat "$results"/*.log | sed -n 's/^\([0-9]*\) passed, .*/\1/p' |
	awk '{ n += $1 } END { print n + 0 }')
bad=0
for vglog in "$logs"/*.log; do
	[ -s "$vglog" ] || continue
	bad=$((bad + 1))
	echo "== valgrind: $(basename "$vglog")"
	head -60 "$vglog"
done
runs=$(ls "$logs" | wc -l)
echo "valgrind: $passed tests passed, $runs program runs, $bad with errors or leaks"
[ $failed -eq 0 ] && [ $bad -eq 0 ] && [ "$runs" -gt 0 ]
