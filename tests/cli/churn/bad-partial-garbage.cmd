printf 'partial\trecord\tgroup\tperiod\nhello\tworld\t\t\n' >$TMP/g.part
cd $TMP && rm-churn --cohorts --merge g.part
