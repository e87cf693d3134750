#!/bin/sh
# Text from the data is escaped in every format: a group label with HTML
# and Markdown specials, a TAB and a backslash (escaped in TSV as \t and
# \\) comes out as &lt; &amp; in HTML, escaped in Markdown and JSON, and
# re-escaped in TSV.
set -eu
printf 'account\towner\n' >"$TMP/acc.tsv"
printf 'a1\t<script>alert(1)</script> & Co|x\\\\y\\tz\n' >>"$TMP/acc.tsv"
args="-a $TMP/acc.tsv -b owner --as-of 2024-06-30 -n 1 -k mrr events.tsv"
rm-report $args -f html >"$TMP/r.html"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co|x\\y	z' "$TMP/r.html"
if grep -q '<script' "$TMP/r.html"; then echo "raw <script> in HTML"; exit 1; fi
rm-report $args -f markdown | grep -q '^## &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co\\|x\\\\y z$'
rm-report $args -f json | grep -q '"group": "<script>alert(1)</script> & Co|x\\\\y\\tz"'
rm-report $args | grep -q '^<script>alert(1)</script> & Co|x\\\\y\\tz	2024-06	mrr	'
echo ok
