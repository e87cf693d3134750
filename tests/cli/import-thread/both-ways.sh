#!/bin/sh
# rm-import parses CSV on a second thread (recpipe.h) when RMKIT_THREADS=2
# asks for it; unset or RMKIT_THREADS=1 keeps one thread.
# The output, the messages (rejected rows in order, with their lines),
# the rejects file and the exit status must not depend on it: real cases
# with bad rows in many batches, run all three ways, compared byte for
# byte.
. ./gen.inc
cd "$TMP" || exit 1
fails=0

make_csv 40000 >big.csv || exit 1
[ "$(wc -c <big.csv)" -gt 2000000 ] || { echo "FAIL: generated CSV too small"; exit 1; }
opts="-T type -m value=amount -m ref=ref -k note --max-rejects 100000"

# every reject on stderr would be cut at 10: the rejects file shows all
extra=rej.tsv both "events with rejects" \
	rm-import $opts -r rej.tsv big.csv
[ "$(wc -l <x.1)" -gt 40 ] || { echo "FAIL: too few rejects ($(wc -l <x.1))"; fails=1; }
grep -q 'quote inside an unquoted field' x.1 ||
	{ echo "FAIL: no syntax error among the rejects"; fails=1; }
grep -q 'NUL byte' x.1 || { echo "FAIL: no NUL byte reject"; fails=1; }
grep -q 'invalid UTF-8' x.1 || { echo "FAIL: no UTF-8 reject"; fails=1; }
extra=

both "stderr rejects, exit 1" rm-import $opts --max-rejects 3 big.csv
[ "$(cat st.1)" = 1 ] || { echo "FAIL: want exit 1, got $(cat st.1)"; fails=1; }
extra=rej.tsv both "max-record" rm-import $opts --max-record 3000 -r rej.tsv big.csv
extra=
grep -q 'record longer than 3000 bytes' x.1 ||
	{ echo "FAIL: no --max-record reject"; fails=1; }
both "accounts" rm-import -a -m account=account -k date --max-rejects 100000 big.csv
both "raw" rm-import --raw --max-rejects 100000 big.csv
both "stdin" sh -c "cat big.csv | rm-import $opts"
both "-o file" sh -c "rm-import $opts -o o.tsv big.csv && cat o.tsv"

# several files, one of them gzip, and a TSV
head -n 20000 big.csv >a.csv
gzip -c big.csv >b.csv.gz
rm-import -q --raw --max-rejects 100000 big.csv >c.tsv 2>/dev/null
both "several files" rm-import -q $opts a.csv b.csv.gz a.csv
both "tsv" rm-import --tsv -T type -m value=amount --max-rejects 100000 c.tsv

# the input fails part way (truncated or corrupt gzip): the rows before
# the failure are all written and reported, then the same message
size=$(wc -c <b.csv.gz)
head -c $((size * 2 / 3)) b.csv.gz >cut.csv.gz
both "truncated gzip" rm-import $opts cut.csv.gz
grep -q 'truncated gzip data' err.1 || { echo "FAIL: no gzip error"; fails=1; }
[ "$(cat st.1)" = 1 ] || { echo "FAIL: truncated gzip: exit $(cat st.1)"; fails=1; }
[ "$(wc -l <out.1)" -gt 1000 ] || { echo "FAIL: truncated gzip: few rows"; fails=1; }
both "truncated gzip on stdin" sh -c "cat cut.csv.gz | rm-import $opts -r rej2.tsv"
{ head -c $((size / 2)) b.csv.gz; head -c 5000 /dev/zero; tail -c $((size / 3)) b.csv.gz; } >bad.csv.gz
both "corrupt gzip" rm-import $opts bad.csv.gz
grep -q 'corrupt gzip data' err.1 || { echo "FAIL: no corrupt gzip error"; fails=1; }

# rows | head: ends quietly either way
both "head" sh -c "rm-import $opts big.csv | head -n 3"

exit $fails
