#!/bin/sh
# fuzz/runner.sh - build and run the libFuzzer harnesses (see fuzz/README).
#
#   sh fuzz/runner.sh build            build build-fuzz/fuzz_* (clang)
#   sh fuzz/runner.sh run SECONDS [H]  fuzz each harness (or only H) that long
#   sh fuzz/runner.sh check [H]        replay the seeds and regression inputs
#
# Environment: FUZZ_BUILD (build-fuzz), FUZZ_CC (clang), FUZZ_NOBUILD=1
# (run: use the harnesses already built).
# A crash makes the command exit 1; its input is saved as
# $FUZZ_BUILD/crashes/NAME-crash-* (replay: $FUZZ_BUILD/fuzz_NAME FILE).
set -eu
cd "$(dirname "$0")/.."

B=${FUZZ_BUILD:-build-fuzz}
CC_F=${FUZZ_CC:-clang}
SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined'
FLAGS="-O1 -g -fno-omit-frame-pointer $SAN"
HARNESSES='csv tsv date num expr targets import'

# Harnesses whose die() paths leave allocations behind (see their header).
leak_flag() {
	case $1 in
	import) echo -detect_leaks=0 ;;
	*) echo -detect_leaks=1 ;;
	esac
}

build() {
	command -v "$CC_F" >/dev/null 2>&1 || {
		echo "fuzz: $CC_F not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
		exit 4
	}
	make -s BUILD="$B" CC="$CC_F" \
		CFLAGS="$FLAGS -fsanitize=fuzzer-no-link" "$B/librmkit.a"
	for h in $HARNESSES; do
		if [ ! -x "$B/fuzz_$h" ] || [ -n "$(find fuzz/fuzz_$h.c \
			fuzz/fuzz_util.c fuzz/fuzz_util.h "$B/librmkit.a" \
			-newer "$B/fuzz_$h" 2>/dev/null)" ]; then
			echo "fuzz: building $B/fuzz_$h"
			$CC_F -std=c11 -D_GNU_SOURCE -Wall -Wextra -Ilib $FLAGS \
				-fsanitize=fuzzer -Wl,--wrap=input_open \
				-Wl,--wrap=input_close -Wl,--wrap=csv_reader_new \
				-Wl,--wrap=csv_reader_free \
				-o "$B/fuzz_$h" fuzz/fuzz_$h.c \
				fuzz/fuzz_util.c "$B/librmkit.a" -lcsv -lz -lm -lpthread
		fi
	done
}

# Seed files of harness $1 from the repository (and ../shared when there).
seed_files() {
	ls fuzz/seeds/$1/* 2>/dev/null || true
	case $1 in
	csv | import)
		ls tests/corpus/*/*.csv tests/cli/import/*.csv 2>/dev/null || true
		ls ../shared/data/csv-edge/*/*.csv ../shared/data/csv-edge/*/*/*.csv \
			2>/dev/null || true ;;
	tsv)
		ls tests/corpus/*/*.tsv tests/cli/*/*.tsv 2>/dev/null || true ;;
	esac
}

# Make $B/corpus/$1 hold the seeds (the corpus grows across runs).
corpus() {
	mkdir -p "$B/corpus/$1"
	for f in $(seed_files "$1"); do
		to="$B/corpus/$1/seed-$(echo "$f" | tr -c 'A-Za-z0-9.\n-' _)"
		[ -f "$f" ] && [ ! -f "$to" ] || continue
		if [ "$1" = csv ] && [ "${f#fuzz/seeds/}" = "$f" ]; then
			# a CSV file: first byte 1 is delimiter ',' quote '"'
			{ printf '\001'; head -c 65536 "$f"; } >"$to"
		else
			head -c 65536 "$f" >"$to"
		fi
	done
}

run() {
	secs=$1
	shift
	status=0
	mkdir -p "$B/crashes"
	for h in ${*:-$HARNESSES}; do
		corpus "$h"
		dict=
		[ -f "fuzz/dict/$h.dict" ] && dict="-dict=fuzz/dict/$h.dict"
		echo "fuzz: $h for ${secs}s"
		if ! "$B/fuzz_$h" -max_total_time="$secs" -timeout=10 \
			-rss_limit_mb=2048 -max_len=8192 -close_fd_mask=3 \
			-print_final_stats=1 $(leak_flag "$h") $dict \
			-artifact_prefix="$B/crashes/$h-" \
			"$B/corpus/$h" >"$B/$h.log" 2>&1; then
			echo "fuzz: $h FAILED, see $B/$h.log and $B/crashes/" >&2
			grep -E 'ERROR|SUMMARY|invariant|Test unit written' \
				"$B/$h.log" | head -20 >&2
			status=1
		fi
		grep -E 'stat::number_of_executed_units|stat::peak_rss' \
			"$B/$h.log" | tr '\n' ' ' | sed "s/^/fuzz: $h: /;s/\$/\\n/" \
			| head -1
		[ -s "$B/$h.log" ] || true
	done
	return $status
}

# Replay the committed seeds and every regression input once.
check() {
	status=0
	for h in ${*:-$HARNESSES}; do
		files=$(ls fuzz/seeds/$h/* fuzz/regress/$h/* 2>/dev/null || true)
		[ -n "$files" ] || continue
		if ! "$B/fuzz_$h" -runs=1 $(leak_flag "$h") $files \
			>"$B/$h-check.log" 2>&1; then
			echo "fuzz: check $h FAILED, see $B/$h-check.log" >&2
			tail -30 "$B/$h-check.log" >&2
			status=1
		else
			echo "fuzz: check $h: $(echo $files | wc -w) inputs ok"
		fi
	done
	return $status
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
build) build ;;
run) [ -n "${FUZZ_NOBUILD:-}" ] || build; run "$@" ;;
check) build; check "$@" ;;
*) echo "usage: runner.sh build | run SECONDS [HARNESS...] | check [HARNESS...]" >&2
   exit 2 ;;
esac
