rm-churn --cohorts --partial --by owner --accounts accounts.tsv updown.tsv |
    grep -v '	bob	' >$TMP/cut.part
cd $TMP && rm-churn --cohorts --merge cut.part
