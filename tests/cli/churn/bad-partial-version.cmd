rm-churn --partial updown.tsv | sed 's/rm-churn\/1/rm-churn\/9/' | rm-churn --merge
