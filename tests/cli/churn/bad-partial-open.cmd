rm-churn -q --renewals --partial renewals.tsv | sed 's/\topen\t\t2024-03\t2024-03-20\t/\topen\t\t2024-03\t2024-04-20\t/' >$TMP/bad.part
cd $TMP && rm-churn --renewals --merge bad.part
