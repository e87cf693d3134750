#!/bin/sh
# Run the whole test suite and end with one line "N passed, N failed".
#
#   unit tests     $BUILD/tests/test_*  print "ok - ..." / "not ok - ..." lines
#   command tests  tests/cli/GROUP/NAME.cmd: a shell command run in
#                  tests/cli/GROUP with the programs on PATH and stdin empty;
#                  its stdout must equal NAME.out, its stderr NAME.err (empty
#                  when there is no such file), its exit status NAME.status
#                  (0 when there is none).  $TMP is a scratch directory.
#   script tests   tests/cli/GROUP/NAME.sh: passes when it exits 0
#
# RMKIT_UPDATE=1 writes the .out/.err/.status files from what the commands
# do now (new tests only: review every file it writes).
# Arguments, when given, are patterns: only tests whose path matches run.

root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
BINDIR=${BINDIR:-bin}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
case $BINDIR in /*) ;; *) BINDIR=$root/$BINDIR ;; esac
PATH=$BINDIR:$PATH
LC_ALL=C
TZ=Pacific/Kiritimati # output must not depend on the time zone
RMKIT_ROOT=$root
export PATH LC_ALL TZ RMKIT_ROOT BUILD BINDIR
unset NO_COLOR

passed=0
failed=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rmkit-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

selected() {
	[ -z "$patterns" ] && return 0
	for pat in $patterns; do
		case $1 in *"$pat"*) return 0 ;; esac
	done
	return 1
}
patterns="$*"

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# Unit tests.
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	selected "$t" || continue
	out=$scratch/unit.out
	"$t" >"$out" 2>&1
	status=$?
	ok=$(grep -c '^ok ' "$out")
	bad=$(grep -c '^not ok ' "$out")
	passed=$((passed + ok))
	failed=$((failed + bad))
	grep -A3 '^not ok ' "$out" | sed 's/^/FAIL /'
	if [ $status -ne 0 ] && [ "$bad" -eq 0 ]; then
		fail "$(basename "$t"): exit status $status"
		tail -5 "$out"
	fi
done

# Command tests.
for cmd in "$root"/tests/cli/*/*.cmd; do
	[ -f "$cmd" ] || continue
	selected "$cmd" || continue
	dir=$(dirname "$cmd")
	base=${cmd%.cmd}
	name=${base#"$root"/tests/cli/}
	TMP=$scratch/tmp
	rm -rf "$TMP" && mkdir -p "$TMP"
	export TMP
	(cd "$dir" && sh "$cmd" </dev/null >"$scratch/out" 2>"$scratch/err")
	status=$?
	if [ "${RMKIT_UPDATE:-}" = 1 ]; then
		cp "$scratch/out" "$base.out"
		if [ -s "$scratch/err" ]; then cp "$scratch/err" "$base.err"; else rm -f "$base.err"; fi
		if [ $status -ne 0 ]; then echo $status >"$base.status"; else rm -f "$base.status"; fi
	fi
	want_status=0
	[ -f "$base.status" ] && want_status=$(cat "$base.status")
	[ -f "$base.err" ] && want_err=$base.err || want_err=/dev/null
	why=
	[ "$status" = "$want_status" ] || why="exit status $status, want $want_status"
	if ! cmp -s "$scratch/out" "$base.out" 2>/dev/null; then
		why="$why${why:+; }stdout differs"
		diff "$base.out" "$scratch/out" 2>&1 | head -20 | sed 's/^/    /'
	fi
	if ! cmp -s "$scratch/err" "$want_err"; then
		why="$why${why:+; }stderr differs"
		diff "$want_err" "$scratch/err" 2>&1 | head -10 | sed 's/^/    /'
	fi
	if [ -z "$why" ]; then pass; else fail "$name: $why"; fi
done

# Script tests.
for script in "$root"/tests/cli/*/*.sh; do
	[ -f "$script" ] || continue
	selected "$script" || continue
	dir=$(dirname "$script")
	name=${script#"$root"/tests/cli/}
	TMP=$scratch/tmp
	rm -rf "$TMP" && mkdir -p "$TMP"
	export TMP
	if (cd "$dir" && sh "$(basename "$script")" </dev/null >"$scratch/out" 2>&1); then
		pass
	else
		fail "$name"
		tail -15 "$scratch/out" | sed 's/^/    /'
	fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
