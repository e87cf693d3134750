sed 's/^a3	Gamma	Bob/a3	Gamma	Ann/' accounts.tsv >"$TMP/acc.tsv"
rm-report --partial -a "$TMP/acc.tsv" -b owner -n 2 --as-of 2024-06-30 events.tsv | rm-report --merge partial-small.out -
