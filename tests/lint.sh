#!/bin/sh
# Static analysis: cppcheck and clang-tidy over the C sources (make lint).
#
#   sh tests/lint.sh               lib/*.c cmd/*.c examples/gen-crm.c tests/unit/*.c
#   sh tests/lint.sh lib/date.c    only the files named
#
# clang-tidy reads its checks from .clang-tidy (the reasons for every check
# turned off are there); cppcheck's options are below.  Prints each finding
# once and exits 1 when there is any, 2 when a tool is missing, else 0.
# LINT_JOBS clang-tidy processes run at once (default 2).
set -u
cd "$(dirname "$0")/.."

jobs=${LINT_JOBS:-2}
flags='-D_GNU_SOURCE -Ilib -Icmd'

for tool in cppcheck clang-tidy; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "lint: $tool not found (Debian: apt-get install cppcheck clang-tidy)" >&2
		exit 2
	fi
done

if [ $# -gt 0 ]; then
	files="$*"
else
	files=$(ls lib/*.c cmd/*.c examples/gen-crm.c tests/unit/*.c)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rmkit-lint.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# cppcheck: style too, less variableScope ("could be declared in an inner
# scope": the code declares a function's variables at the top, as its style
# guide says).  missingIncludeSystem: cppcheck needs no libc headers.
echo "lint: cppcheck"
# shellcheck disable=SC2086
cppcheck -q --std=c11 $flags --library=posix --inline-suppr \
	--enable=warning,style,performance,portability \
	--suppress=missingIncludeSystem --suppress=variableScope \
	--error-exitcode=1 -j "$jobs" \
	--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
	$files 2>"$tmp/cppcheck.out"
cppcheck_status=$?
cppcheck_findings=$(grep -c ': \(error\|warning\|style\|performance\|portability\|information\): ' "$tmp/cppcheck.out")
cat "$tmp/cppcheck.out"
if [ "$cppcheck_status" -ne 0 ] && [ "$cppcheck_findings" -eq 0 ]; then
	echo "lint: cppcheck failed (status $cppcheck_status)" >&2
	exit 2
fi

# clang-tidy: one file per process, $jobs at once; a header finding is
# reported by every file that includes it, so print each line once.
echo "lint: clang-tidy ($(clang-tidy --version | sed -n 's/.*LLVM version \([0-9.]*\).*/\1/p'))"
# shellcheck disable=SC2086
printf '%s\n' $files |
	xargs -P "$jobs" -n 1 sh -c \
		'clang-tidy --quiet "$1" -- -std=c11 '"$flags"' >"$0/$(echo "$1" | tr / _).tidy" 2>&1' \
		"$tmp"
tidy_status=$?
cat "$tmp"/*.tidy |
	sed "s|^$(pwd)/||" |
	grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error): ' |
	sort -u >"$tmp/tidy.out"
tidy_findings=$(wc -l <"$tmp/tidy.out")
cat "$tmp/tidy.out"
if [ "$tidy_status" -ne 0 ] && [ "$tidy_findings" -eq 0 ]; then
	echo "lint: clang-tidy failed (xargs status $tidy_status)" >&2
	exit 2
fi

total=$((cppcheck_findings + tidy_findings))
echo "lint: $cppcheck_findings cppcheck, $tidy_findings clang-tidy findings"
[ "$total" -eq 0 ]
