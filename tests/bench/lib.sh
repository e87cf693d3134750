# tests/bench/lib.sh - shared by the benchmark scripts (sourced, not run).
#
# Data: bench_data KIND makes one deterministic input in $BENCH_DIR (once;
# a later run with the same BENCH_DIR reuses it) and prints its path.
# Measurement: bench_measure KEY RUNS CMD runs the shell command CMD
# (stdout to /dev/null) once under GNU time as the warm-up, which gives
# its peak RSS, then RUNS times with hyperfine (or a plain loop when
# hyperfine is missing) for the median wall time and the mean CPU time.
#
# Before sourcing, set root (the repository), BUILD and BINDIR (absolute),
# BENCH_DIR (a directory for the data and results).

LC_ALL=C
export LC_ALL

bench_fail() {
	echo "bench: $*" >&2
	exit 1
}

# The size of a file in bytes.
bench_bytes() {
	wc -c <"$1" | tr -d ' '
}

# bench_data KIND [ARGS]: make (once) and print the path of an input:
#   csv BYTES          Salesforce-like opportunity CSV (gen-crm csv)
#   csvgz BYTES        the same, gzip-compressed (gzip -6)
#   events A N         N events of A accounts, ordered by date
#   sorted A N         the same events grouped by account (for datamash),
#                      no header, empty values written as 0
#   evsorted A N       the events grouped by account, as a sorted export
#                      has them (header kept, values as they are)
#   mrr A N            N mrr events of A accounts over 36 months
#   mrrsorted A N      the same grouped by account, as for sorted
#   orders C N         N orders of C customers (RFM)
#   accounts N         an account table of N rows
#   model C            orders of C customers simulated from BG/NBD
#                      (tests/bench/bgnbd-sim.c, seed 42)
bench_data() {
	kind=$1
	shift
	f=$BENCH_DIR/$kind-$(echo "$*" | tr ' ' '-')
	case $kind in
	csv*) f=$f.csv ;;
	*) f=$f.tsv ;;
	esac
	case $kind in csvgz) f=$f.gz ;; esac
	if [ ! -s "$f" ]; then
		case $kind in
		csv) "$BUILD/gen-crm" csv --bytes "$1" -o "$f.tmp" ;;
		csvgz) gzip -6 -c "$(bench_data csv "$1")" >"$f.tmp" ;;
		events) "$BUILD/gen-crm" events --accounts "$1" --events "$2" \
			-o "$f.tmp" ;;
		mrr) "$BUILD/gen-crm" mrr --accounts "$1" --events "$2" \
			--months 36 -o "$f.tmp" ;;
		sorted | mrrsorted)
			if [ "$kind" = sorted ]; then
				src=$(bench_data events "$1" "$2")
			else
				src=$(bench_data mrr "$1" "$2")
			fi
			tail -n +2 "$src" |
				awk -F'\t' -v OFS='\t' '$4 == "" { $4 = 0 } 1' |
				sort -t "$(printf '\t')" -k1,1 -s -S 25% >"$f.tmp"
			;;
		evsorted)
			src=$(bench_data events "$1" "$2")
			{
				head -1 "$src"
				tail -n +2 "$src" |
					sort -t "$(printf '\t')" -k1,1 -s -S 25%
			} >"$f.tmp"
			;;
		orders) "$BUILD/gen-crm" orders --customers "$1" \
			--orders "$2" -o "$f.tmp" ;;
		accounts) "$BUILD/gen-crm" accounts --rows "$1" -o "$f.tmp" ;;
		model)
			${CC:-cc} -O2 -std=c11 -o "$BENCH_DIR/bgnbd-sim" \
				"$root/tests/bench/bgnbd-sim.c" -lm &&
				"$BENCH_DIR/bgnbd-sim" events "$1" 42 >"$f.tmp"
			;;
		*) bench_fail "unknown data kind $kind" ;;
		esac || bench_fail "cannot make $kind data"
		mv "$f.tmp" "$f"
	fi
	echo "$f"
}

# bench_measure KEY RUNS CMD: results in $BENCH_DIR/res/KEY as
# "median_wall_s cpu_s peak_rss_kb" (cpu = user + system, the mean of the
# runs; peak RSS from the warm-up run, "-" without GNU time).
bench_measure() {
	key=$1
	runs=$2
	cmd=$3
	res=$BENCH_DIR/res
	mkdir -p "$res"
	echo "$cmd" >"$res/$key.cmd"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %U %S %M' -o "$res/$key.warm" \
			sh -c "$cmd" >/dev/null 2>"$res/$key.err" ||
			bench_fail "$key failed: $cmd: $(tail -3 "$res/$key.err")"
		rss=$(awk '{ print $4 }' "$res/$key.warm")
	else
		sh -c "$cmd" >/dev/null 2>"$res/$key.err" ||
			bench_fail "$key failed: $cmd"
		rss=-
	fi
	if [ "${BENCH_HYPERFINE:-1}" = 1 ] && command -v hyperfine >/dev/null 2>&1; then
		hyperfine --runs "$runs" --style basic --shell sh \
			--export-csv "$res/$key.csv" "$cmd" >"$res/$key.log" 2>&1 ||
			bench_fail "hyperfine failed on $key: $(tail -3 "$res/$key.log")"
		# command,mean,stddev,median,user,system,min,max (the command
		# may hold commas: count fields from the end)
		tail -1 "$res/$key.csv" | awk -F, -v rss="$rss" \
			'{ printf "%.3f %.3f %s\n", $(NF-4), $(NF-3) + $(NF-2), rss }' \
			>"$res/$key"
	else
		: >"$res/$key.runs"
		i=0
		while [ "$i" -lt "$runs" ]; do
			if [ -x /usr/bin/time ]; then
				/usr/bin/time -f '%e %U %S' -a -o "$res/$key.runs" \
					sh -c "$cmd" >/dev/null 2>&1 ||
					bench_fail "$key failed"
			else
				t0=$(date +%s.%N)
				sh -c "$cmd" >/dev/null 2>&1 || bench_fail "$key failed"
				echo "$t0 $(date +%s.%N)" |
					awk '{ printf "%.3f 0 0\n", $2 - $1 }' \
						>>"$res/$key.runs"
			fi
			i=$((i + 1))
		done
		sort -n "$res/$key.runs" | awk -v rss="$rss" '
			{ w[NR] = $1; c += $2 + $3 }
			END {
				m = NR % 2 ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
				printf "%.3f %.3f %s\n", m, c / NR, rss
			}' >"$res/$key"
	fi
}

# bench_get KEY FIELD: median | cpu | rss from bench_measure's results.
bench_get() {
	case $2 in
	median) n=1 ;;
	cpu) n=2 ;;
	rss) n=3 ;;
	esac
	cut -d' ' -f$n "$BENCH_DIR/res/$1"
}
