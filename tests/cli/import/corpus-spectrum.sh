# csv-spectrum (tests/corpus): every case gives the upstream expected records.
dir=../../corpus/csv-spectrum
n=0
for csv in "$dir"/*.csv; do
	want=${csv%.csv}.tsv
	rm-import --raw "$csv" >"$TMP/got" || { echo "FAIL $csv: exit $?"; exit 1; }
	cmp -s "$want" "$TMP/got" || { echo "FAIL $csv"; diff "$want" "$TMP/got"; exit 1; }
	n=$((n + 1))
done
[ $n -eq 11 ] || { echo "FAIL: $n cases, want 11"; exit 1; }
