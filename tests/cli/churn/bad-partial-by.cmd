rm-churn --partial --by owner --accounts accounts.tsv updown.tsv >$TMP/a.part
rm-churn --partial updown.tsv >$TMP/b.part
cd $TMP && rm-churn --merge a.part b.part
