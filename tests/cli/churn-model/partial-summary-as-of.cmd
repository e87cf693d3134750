# Made with --as-of, merged: the table of small-summary.cmd.
rm-churn --summary --partial --as-of 2024-03-31 small.tsv >$TMP/s.part
rm-churn --summary --merge --partial $TMP/s.part | cut -f 2-
rm-churn --summary --merge --unit day $TMP/s.part
