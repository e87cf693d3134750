#!/bin/sh
# Make sure the headers of libcsv and zlib are there.  As root, install
# the missing Debian packages; otherwise say exactly what to run.
missing=
[ -f /usr/include/csv.h ] || missing="$missing libcsv-dev"
[ -f /usr/include/zlib.h ] || missing="$missing zlib1g-dev"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "installing$missing" >&2
	apt-get update -qq >/dev/null &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null && exit 0
	echo "rmkit: apt-get install$missing failed" >&2
	exit 1
fi
echo "rmkit: missing build dependencies; run: sudo apt-get install$missing" >&2
exit 1
